import { badRequest } from './api-error';
import type { StoredPoint } from './point-buffer';
import type { SeriesStore } from './series-store';

export const AGGREGATE_FUNCTIONS = [
  'avg',
  'min',
  'max',
  'sum',
  'stddev',
  'count',
  'first',
  'last',
  'median',
] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** What an empty bucket becomes: left out (`none`), all-null, the previous bucket's values, or a constant. */
export type Fill =
  { kind: 'none' } | { kind: 'null' } | { kind: 'previous' } | { kind: 'value'; value: number };

export function parseFunctions(values: unknown[], name: string): AggregateFunction[] {
  if (values.length === 0) throw badRequest(`The ${name} field is required.`);
  return values.map((v) => {
    const fn = typeof v === 'string' ? v.trim().toLowerCase() : '';
    if (!(AGGREGATE_FUNCTIONS as readonly string[]).includes(fn)) {
      throw badRequest(
        `The value '${String(v)}' is not valid for ${name}. Valid values: ${AGGREGATE_FUNCTIONS.join(', ')}.`,
      );
    }
    return fn as AggregateFunction;
  });
}

const UNITS: Record<string, number> = { ms: 1e3, s: 1e6, m: 60e6, h: 3600e6, d: 86_400e6, w: 604_800e6 };

/** A processing interval such as `10m`, `1h`, `30s`, `1d` (InfluxDB-style units), in µs. */
export function parseInterval(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const match = typeof raw === 'string' ? /^\s*(\d+)\s*(ms|s|m|h|d|w)\s*$/i.exec(raw) : null;
  const micros = match ? Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase()] ?? 0) : 0;
  if (!(micros > 0))
    throw badRequest(
      `The value '${String(raw)}' is not valid for processingInterval. Use a number and a unit (ms, s, m, h, d, w), e.g. '10m'.`,
    );
  return micros;
}

/** `none` (default), `null`, `previous` or a number. Interpolation (`linear`) is not emulated. */
export function parseFill(raw: unknown): Fill {
  if (raw === undefined || raw === null || raw === '') return { kind: 'none' };
  if (typeof raw === 'number' && Number.isFinite(raw)) return { kind: 'value', value: raw };
  const text = String(raw).trim().toLowerCase();
  if (text === 'none' || text === 'null' || text === 'previous') return { kind: text };
  if (text !== '' && Number.isFinite(Number(text))) return { kind: 'value', value: Number(text) };
  throw badRequest(`The value '${String(raw)}' is not valid for fill. Use none, null, previous or a number.`);
}

export interface AggregateRead {
  start: number;
  end: number;
  /** Bucket length in µs; absent means one bucket over the whole window. */
  interval?: number;
  functions: AggregateFunction[];
  fill: Fill;
  statuses?: Set<number>;
  /** Buckets per page. */
  limit: number;
  /** First bucket of this page (from a continuation token). */
  fromBucket: number;
  stddev: 'sample' | 'population';
  maxBuckets: number;
}

export interface AggregatePage {
  datapoints: Array<Record<string, unknown>>;
  /** Set when more buckets remain. */
  nextBucket?: number;
}

/**
 * Buckets are consecutive from `start` (the API's documented alignment): bucket i covers
 * [start + i·interval, start + (i+1)·interval), clipped at `end` (exclusive). Each datapoint is
 * `{time: bucket start, <fn>: number}` with the requested functions only; `count` is an integer.
 */
export function readAggregates(
  store: SeriesStore,
  id: string,
  read: AggregateRead,
  formatTime: (us: number) => string,
): AggregatePage {
  if (!(read.end > read.start)) throw badRequest('endTime must be later than startTime.');
  const interval = read.interval ?? read.end - read.start;
  const buckets = Math.ceil((read.end - read.start) / interval);
  if (buckets > read.maxBuckets) {
    throw badRequest(
      `The request spans ${buckets} buckets; at most ${read.maxBuckets} are allowed. Use a longer processingInterval or a shorter window.`,
    );
  }
  const keep = (p: StoredPoint) => read.statuses === undefined || read.statuses.has(p.status);
  const bucketStart = (b: number) => read.start + b * interval;
  const points = store.iterate(id, { from: bucketStart(read.fromBucket), to: read.end })[Symbol.iterator]();
  let next = points.next();
  let previous = read.fill.kind === 'previous' ? previousBucket(store, id, read, interval, keep) : undefined;
  const datapoints: Array<Record<string, unknown>> = [];
  for (let b = read.fromBucket; b < buckets; b += 1) {
    if (datapoints.length >= read.limit) return { datapoints, nextBucket: b };
    const upper = Math.min(bucketStart(b + 1), read.end);
    const inBucket: StoredPoint[] = [];
    while (!next.done && next.value.t < upper) {
      if (keep(next.value)) inBucket.push(next.value);
      next = points.next();
    }
    const time = formatTime(bucketStart(b));
    if (inBucket.length > 0) {
      previous = summarise(inBucket, read.functions, read.stddev);
      datapoints.push({ time, ...previous });
    } else if (read.fill.kind === 'null') {
      datapoints.push({
        time,
        ...Object.fromEntries(read.functions.map((fn) => [fn, fn === 'count' ? 0 : null])),
      });
    } else if (read.fill.kind === 'value') {
      const value = read.fill.value;
      datapoints.push({
        time,
        ...Object.fromEntries(read.functions.map((fn) => [fn, fn === 'count' ? 0 : value])),
      });
    } else if (read.fill.kind === 'previous' && previous) {
      datapoints.push({ time, ...previous });
    }
  }
  return { datapoints };
}

/** For `fill=previous` on a later page: the values of the last non-empty bucket before it. */
function previousBucket(
  store: SeriesStore,
  id: string,
  read: AggregateRead,
  interval: number,
  keep: (p: StoredPoint) => boolean,
): Record<string, number | null> | undefined {
  const pageStart = read.start + read.fromBucket * interval;
  for (const p of store.iterate(id, { from: read.start, to: pageStart }, true)) {
    if (!keep(p)) continue;
    const bucket = Math.floor((p.t - read.start) / interval);
    const from = read.start + bucket * interval;
    const inBucket = [...store.iterate(id, { from, to: Math.min(from + interval, pageStart) })].filter(keep);
    return summarise(inBucket, read.functions, read.stddev);
  }
  return undefined;
}

function summarise(
  points: StoredPoint[],
  functions: AggregateFunction[],
  stddevKind: 'sample' | 'population',
): Record<string, number | null> {
  const values = points.map((p) => p.value);
  const n = values.length;
  const sum = values.reduce((s, v) => s + v, 0);
  const mean = sum / n;
  const out: Record<string, number | null> = {};
  for (const fn of functions) {
    switch (fn) {
      case 'avg':
        out[fn] = mean;
        break;
      case 'min':
        out[fn] = values.reduce((m, v) => (v < m ? v : m), Infinity);
        break;
      case 'max':
        out[fn] = values.reduce((m, v) => (v > m ? v : m), -Infinity);
        break;
      case 'sum':
        out[fn] = sum;
        break;
      case 'count':
        out[fn] = n;
        break;
      case 'first':
        out[fn] = values[0] ?? null;
        break;
      case 'last':
        out[fn] = values[n - 1] ?? null;
        break;
      case 'stddev': {
        const divisor = stddevKind === 'sample' ? n - 1 : n;
        out[fn] = divisor > 0 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / divisor) : null;
        break;
      }
      case 'median': {
        const sorted = [...values].sort((a, b) => a - b);
        const upper = sorted[Math.floor(n / 2)] ?? Number.NaN;
        out[fn] = n % 2 === 1 ? upper : ((sorted[n / 2 - 1] ?? Number.NaN) + upper) / 2;
        break;
      }
    }
  }
  return out;
}
