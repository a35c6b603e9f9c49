import { HttpService, type HttpServiceOptions, UpstreamError } from '@latigo/http-client';
import { TimeSeriesError } from './errors';
import {
  formatApiTime,
  parseApiTime,
  STATUS,
  type Datapoints,
  type NewSeries,
  type SeriesInfo,
  type SeriesQuery,
} from './series';
import { getSeriesIds, type SeriesIdCache, type SeriesKey } from './series-id-cache';
import { encodeWrites, type SeriesWrite } from './write-batches';

export interface TimeSeriesClientOptions extends Omit<HttpServiceOptions, 'service'> {
  /** Caches series ids by name and facility (Redis shared by executors, or memory). */
  seriesIdCache?: SeriesIdCache;
  /** Datapoints per write request (default 10,000; the API documents no limit, so stay modest). */
  maxPointsPerWrite?: number;
  /** Page size of datapoint reads, 1–100,000 (default 100,000, as the original). */
  readPageSize?: number;
  /** Status written with every datapoint (default 192 Good; the original wrote 0). */
  writeStatus?: number;
  /**
   * Send `async=true` on writes (API v1.7 queues them and answers 202). Default false: the call
   * returns once the points are committed, so a finished task's data is readable.
   */
  asyncWrites?: boolean;
}

export interface ReadWindow {
  /** Inclusive start. */
  from: Date;
  /** End of the window. */
  to: Date;
  /** Only points with these status codes (default: all). */
  statuses?: number[];
}

export interface WriteResult {
  written: number;
  skippedNaN: number;
  requests: number;
}

/** Sent with every JSON body (never mutated: the HTTP service copies headers per request). */
const JSON_CONTENT: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json' });

/** Items of one `POST /query/data`, as the API limits them. */
const MAX_QUERY_ITEMS = 100;

type Envelope<T> = { data?: { items?: T[] }; continuationToken?: string | null };
type RawPoint = { time: string; value: number; status?: number };

/**
 * The Omnia Timeseries API calls Latigo needs. Reads page through `continuationToken`; writes
 * upsert by timestamp, so they are retried safely and a repeated task stores identical data.
 */
export class TimeSeriesClient {
  private readonly http: HttpService;
  private readonly maxPointsPerWrite: number;
  private readonly readPageSize: number;
  private readonly writeStatus: number;

  constructor(private readonly options: TimeSeriesClientOptions) {
    this.http = new HttpService({ service: 'timeseries', ...options });
    this.maxPointsPerWrite = options.maxPointsPerWrite ?? 10_000;
    this.readPageSize = options.readPageSize ?? 100_000;
    this.writeStatus = options.writeStatus ?? STATUS.good;
  }

  /** Every series matching the exact filters (all pages). */
  async findSeries(query: SeriesQuery): Promise<SeriesInfo[]> {
    const found: SeriesInfo[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.http.json<Envelope<SeriesInfo>>({
        method: 'GET',
        path: '/',
        query: { ...query, continuationToken },
      });
      found.push(...this.items(page, '/'));
      continuationToken = page.continuationToken ?? undefined;
    } while (continuationToken);
    return found;
  }

  async getSeries(id: string): Promise<SeriesInfo> {
    const page = await this.http.json<Envelope<SeriesInfo>>({
      method: 'GET',
      path: `/${encodeURIComponent(id)}`,
    });
    const [series] = this.items(page, `/${id}`);
    if (!series)
      throw new TimeSeriesError('TS_BAD_RESPONSE', `timeseries: GET /${id} answered without the series`, {
        id,
      });
    return series;
  }

  /** Creates a series; an existing name + facility is `TS_SERIES_EXISTS`. */
  async createSeries(spec: NewSeries): Promise<SeriesInfo> {
    try {
      const page = await this.http.json<Envelope<SeriesInfo>>({
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ step: true, unit: '', description: '', externalId: '', ...spec }),
      });
      const [series] = this.items(page, '/');
      if (!series)
        throw new TimeSeriesError(
          'TS_BAD_RESPONSE',
          `timeseries: POST / answered without the created series '${spec.name}'`,
          spec,
        );
      return series;
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 409) {
        throw new TimeSeriesError(
          'TS_SERIES_EXISTS',
          `timeseries: series '${spec.name}' in facility '${spec.facility}' exists already`,
          spec,
          { cause: error },
        );
      }
      throw error;
    }
  }

  /**
   * The cached ids of many series, in one cache round trip when the cache can (undefined where
   * not cached; no API call): a warm task then skips a lookup per series. Misses are for
   * `findSeriesId` / `findOrCreateSeries`.
   */
  async cachedSeriesIds(keys: readonly SeriesKey[]): Promise<Array<string | undefined>> {
    const cache = this.options.seriesIdCache;
    return cache ? getSeriesIds(cache, keys) : keys.map(() => undefined);
  }

  /** The id of the series with this name (and facility), from the cache or the API; undefined if none. */
  async findSeriesId(key: SeriesKey): Promise<string | undefined> {
    const cached = await this.options.seriesIdCache?.get(key);
    if (cached) return cached;
    const found = await this.findSeries({
      name: key.name,
      ...(key.facility ? { facility: key.facility } : {}),
    });
    if (found.length > 1) {
      const ids = found.map((s) => s.id).join(', ');
      throw new TimeSeriesError(
        'TS_SERIES_AMBIGUOUS',
        `timeseries: ${found.length} series are named '${key.name}'${key.facility ? ` in facility '${key.facility}'` : ''} (${ids})`,
        key,
      );
    }
    const id = found[0]?.id;
    if (id) await this.options.seriesIdCache?.set(key, id);
    return id;
  }

  /** The id of the named series, creating it when missing (a concurrent creator's 409 is resolved by a lookup). */
  async findOrCreateSeries(spec: NewSeries): Promise<string> {
    const key = { name: spec.name, facility: spec.facility };
    const existing = await this.findSeriesId(key);
    if (existing) return existing;
    try {
      const created = await this.createSeries(spec);
      await this.options.seriesIdCache?.set(key, created.id);
      return created.id;
    } catch (error) {
      if (!(error instanceof TimeSeriesError && error.code === 'TS_SERIES_EXISTS')) throw error;
      const id = await this.findSeriesId(key);
      if (!id) throw error;
      return id;
    }
  }

  /** Raw datapoints of one series in a window, all pages, in time order. */
  async readDatapoints(id: string, window: ReadWindow): Promise<Datapoints> {
    const pages: Datapoints[] = [];
    const path = `/${encodeURIComponent(id)}/data`;
    let continuationToken: string | undefined;
    do {
      const page = await this.http.json<Envelope<ReadItem>>(
        {
          method: 'GET',
          path,
          query: {
            startTime: formatApiTime(window.from),
            endTime: formatApiTime(window.to),
            limit: this.readPageSize,
            includeOutsidePoints: false,
            status: window.statuses,
            continuationToken,
          },
        },
        parseDatapointPage,
      );
      for (const item of this.items(page, path)) pages.push(item.datapoints);
      continuationToken = page.continuationToken ?? undefined;
    } while (continuationToken);
    return concatColumns(pages);
  }

  /**
   * Raw datapoints of many series over one window in as few requests as the API allows:
   * `POST /query/data` with up to 100 ids each (the chunks in parallel), every page of each.
   * One round trip for a task's tags instead of one `GET /{id}/data` per tag.
   */
  async readManyDatapoints(ids: readonly string[], window: ReadWindow): Promise<Map<string, Datapoints>> {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += MAX_QUERY_ITEMS) chunks.push(ids.slice(i, i + MAX_QUERY_ITEMS));
    const read = await Promise.all(chunks.map((chunk) => this.queryData(chunk, window)));
    return read.length === 1 ? (read[0] as Map<string, Datapoints>) : new Map(read.flatMap((m) => [...m]));
  }

  private async queryData(ids: readonly string[], window: ReadWindow): Promise<Map<string, Datapoints>> {
    // Per id, the columns of each page that had its item (one page is the rule: no copy then).
    const collected = ids.map((): Datapoints[] => []);
    // The same body on every page; the API answers one item per requested id, in order.
    const body = JSON.stringify(
      ids.map((id) => ({
        id,
        startTime: formatApiTime(window.from),
        endTime: formatApiTime(window.to),
        limit: this.readPageSize,
        includeOutsidePoints: false,
        ...(window.statuses ? { statusFilter: window.statuses } : {}),
      })),
    );
    const path = '/query/data';
    let continuationToken: string | undefined;
    do {
      const page = await this.http.json<Envelope<ReadItem>>(
        {
          method: 'POST',
          path,
          query: { continuationToken },
          // A read: safe to retry.
          idempotent: true,
          headers: JSON_CONTENT,
          body,
        },
        parseDatapointPage,
      );
      const items = this.items(page, path);
      for (let index = 0; index < items.length; index++) {
        const item = items[index] as (typeof items)[number];
        const target = collected[ids[index] === item.id ? index : ids.indexOf(item.id)];
        if (target) target.push(item.datapoints);
      }
      continuationToken = page.continuationToken ?? undefined;
    } while (continuationToken);
    return new Map(ids.map((id, i) => [id, concatColumns(collected[i] as Datapoints[])]));
  }

  /** Aggregates per `processingInterval` bucket (e.g. `10m`) from `from`, one array per function. */
  async readAggregates<F extends string>(
    id: string,
    window: ReadWindow & { functions: readonly F[]; processingInterval: string },
  ): Promise<{ times: Float64Array } & Record<F, Float64Array>> {
    const path = `/${encodeURIComponent(id)}/data/aggregates`;
    const rows: Array<Record<string, unknown>> = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.http.json<Envelope<{ datapoints?: Array<Record<string, unknown>> }>>({
        method: 'GET',
        path,
        query: {
          startTime: formatApiTime(window.from),
          endTime: formatApiTime(window.to),
          aggregateFunction: window.functions,
          processingInterval: window.processingInterval,
          status: window.statuses,
          continuationToken,
        },
      });
      for (const item of this.items(page, path)) rows.push(...(item.datapoints ?? []));
      continuationToken = page.continuationToken ?? undefined;
    } while (continuationToken);
    const result = { times: Float64Array.from(rows, (r) => parseApiTime(String(r['time']))) } as {
      times: Float64Array;
    } & Record<F, Float64Array>;
    for (const fn of window.functions)
      (result as Record<string, Float64Array>)[fn] = Float64Array.from(rows, (r) =>
        typeof r[fn] === 'number' ? (r[fn] as number) : NaN,
      );
    return result;
  }

  /**
   * Writes datapoints of many series in chunks (`POST /data`); same timestamps overwrite. The
   * answer must be the API's JSON message: a 2xx sign-in page from a proxy stored nothing, and
   * is an `UPSTREAM_BAD_RESPONSE`, not a success.
   */
  async writeDatapoints(writes: readonly SeriesWrite[]): Promise<WriteResult> {
    const {
      bodies: texts,
      written,
      skippedNaN,
    } = encodeWrites(writes, this.maxPointsPerWrite, this.writeStatus);
    // As bytes outside the JS heap: a string body would outlive the request in the old generation.
    const bodies = texts.map((text) => Buffer.from(text));
    for (const body of bodies) {
      await this.http.json<unknown>({
        method: 'POST',
        path: '/data',
        query: { async: this.options.asyncWrites ?? false },
        idempotent: true,
        headers: JSON_CONTENT,
        body,
      });
    }
    return { written, skippedNaN, requests: bodies.length };
  }

  private items<T>(page: Envelope<T>, path: string): T[] {
    const items = page?.data?.items;
    if (!Array.isArray(items)) {
      throw new TimeSeriesError(
        'TS_BAD_RESPONSE',
        `timeseries: ${path} answered without data.items: ${JSON.stringify(page).slice(0, 200)}`,
        { path },
      );
    }
    return items;
  }
}

/** A series of a read answer, its points already in columns. */
type ReadItem = { id: string; datapoints: Datapoints };

/**
 * Parses a read answer and turns each item's points into columns at once. A task's answer is
 * ~110 KB of JSON (~300 KB of objects); consumed after an `await`, other tasks run first and the
 * objects outlive two young-generation collections, so V8 copies them into the old generation:
 * measured, a third of what the executor promoted at concurrency 32.
 */
function parseDatapointPage(text: string): Envelope<ReadItem> {
  const page = JSON.parse(text) as Envelope<{ id: string; datapoints?: RawPoint[] } | null>;
  const items = page?.data?.items;
  if (!Array.isArray(items)) return page as unknown as Envelope<ReadItem>; // items() names what is missing
  return {
    ...page,
    data: {
      ...page.data,
      items: items.map((item) =>
        item && typeof item === 'object' ? { id: item.id, datapoints: columns(item.datapoints ?? []) } : item,
      ) as ReadItem[],
    },
  };
}

/** A page's points as columns (typed-array stores convert as `Float64Array.from` / `Int32Array.from` did). */
function columns(points: readonly RawPoint[]): Datapoints {
  const n = points.length;
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  const statuses = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const point = points[i] as RawPoint;
    times[i] = parseApiTime(point.time);
    values[i] = point.value;
    statuses[i] = point.status ?? STATUS.good;
  }
  return { times, values, statuses };
}

/** The pages' columns one after another (no pages: empty columns). */
function concatColumns(pages: readonly Datapoints[]): Datapoints {
  if (pages.length === 1) return pages[0] as Datapoints;
  let n = 0;
  for (const page of pages) n += page.times.length;
  const out = { times: new Float64Array(n), values: new Float64Array(n), statuses: new Int32Array(n) };
  let at = 0;
  for (const page of pages) {
    out.times.set(page.times, at);
    out.values.set(page.values, at);
    out.statuses.set(page.statuses, at);
    at += page.times.length;
  }
  return out;
}
