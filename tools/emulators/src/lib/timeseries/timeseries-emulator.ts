import type { Emulator } from '../emulator';
import { EmulatorServer, type RequestGuard } from '../http/emulator-server';
import { json, type EmulatorResponse } from '../http/responses';
import {
  SyntheticSignals,
  type SyntheticSignalOptions,
  type TimeInput,
} from '../synthetic/synthetic-signals';
import type { AnomalyEpisode } from '../synthetic/anomaly-episodes';
import { bearerGuard } from '../token/bearer-guard';
import type { TokenAuthority } from '../token/token-authority';
import { ApiError } from './api-error';
import { TraceIds } from './ids';
import { readRoutes } from './routes/read-routes';
import type { RouteContext, TimeseriesRoute, TimeseriesSettings } from './routes/route-context';
import { seriesRoutes } from './routes/series-routes';
import { writeRoutes } from './routes/write-routes';
import type { NameMatching } from './series-filter';
import type { SeriesRecord } from './series-model';
import { SeriesStore } from './series-store';
import { parseTime } from './time-parsing';
import { API_VERSIONS, VERSION_TRAITS, type ApiVersion, type VersionTraits } from './versions';

/** Synthetic tags to pre-register as series of one facility; the tags form one correlated group. */
export interface SensorGroupConfig {
  facility: string;
  tags: readonly string[];
  /** Group name for anomaly episodes (default `<facility>/<index>`). */
  name?: string;
  samplePeriodMs?: number;
}

/** Bearer tokens from a token emulator's authority; the Timeseries API needs no subscription key. */
export interface TimeseriesAuthOptions {
  authority: TokenAuthority;
  /** Accepted `aud` values; any when omitted. */
  audiences?: string[];
  /** Also require `Ocp-Apim-Subscription-Key` (the real API accepts one but does not need it). */
  subscriptionKey?: string;
}

export interface TimeseriesEmulatorOptions extends Partial<Omit<TimeseriesSettings, 'nameMatching'>> {
  /** Seeds the signals and the series ids (default 1). */
  seed?: number;
  /** Pre-registered synthetic series (default: {@link DEFAULT_SENSOR_GROUPS}). */
  sensors?: readonly SensorGroupConfig[];
  /** Sample period, jitter, anomaly and status settings of the signals. */
  signals?: Omit<SyntheticSignalOptions, 'seed' | 'groups'>;
  /** Synthetic data starts here (default 2020-01-01T00:00:00Z) and ends at the clock's now. */
  syntheticStart?: string | Date;
  /** Clock in epoch ms (default Date.now); fix it for reproducible "latest" reads. */
  now?: () => number;
  /** When set, creates with another facility answer 400 "Facility not found.". */
  knownFacilities?: readonly string[];
  /** `bearer` auth from a token authority, or none for local runs (default). */
  auth?: 'none' | TimeseriesAuthOptions;
  /** Path prefixes served (default `plant` and `plant-beta`). */
  plants?: readonly string[];
  /** Versions served (default all). */
  versions?: readonly ApiVersion[];
  /** Changes to what differs per version, e.g. `{ 'v1.6': { asyncByDefault: true } }`. */
  versionTraits?: Partial<Record<ApiVersion, Partial<VersionTraits>>>;
  /** How names compare in filters and uniqueness checks (default exact). */
  nameMatching?: NameMatching;
  faultSeed?: number;
}

/** The tags of the Gordo test models (`tag-1` … `tag-25`), facility `1903`, one correlated group. */
export const DEFAULT_SENSOR_GROUPS: readonly SensorGroupConfig[] = [
  { facility: '1903', name: '1903/latigo-test', tags: Array.from({ length: 25 }, (_, i) => `tag-${i + 1}`) },
];

/**
 * The Omnia Timeseries API (v1.5, v1.6 and v1.7 under `/{plant|plant-beta}/timeseries/`) over one
 * store: series metadata, paged raw reads, aggregates, multi-series queries, upserting writes and
 * deletes, with synthetic sensor data behind the pre-registered series. Error bodies are
 * MessageModels (`traceId`, or `activityId` in v1.5).
 */
export class TimeseriesEmulator implements Emulator {
  readonly server: EmulatorServer;
  readonly store: SeriesStore;
  readonly signals: SyntheticSignals;
  private readonly traceIds: TraceIds;

  constructor(options: TimeseriesEmulatorOptions = {}) {
    const seed = options.seed ?? 1;
    const sensors = (options.sensors ?? DEFAULT_SENSOR_GROUPS).map((g, i) => ({
      ...g,
      name: g.name ?? `${g.facility}/${i}`,
    }));
    this.signals = new SyntheticSignals({
      ...options.signals,
      seed,
      groups: sensors.map((g) => ({
        name: g.name,
        tags: g.tags,
        ...(g.samplePeriodMs !== undefined ? { samplePeriodMs: g.samplePeriodMs } : {}),
      })),
    });
    const settings = resolveSettings(options);
    this.store = new SeriesStore({
      seed,
      signals: this.signals,
      syntheticStartMs: startOf(options.syntheticStart),
      now: options.now ?? Date.now,
      nameMatching: settings.nameMatching,
      ...(options.knownFacilities ? { knownFacilities: options.knownFacilities } : {}),
    });
    for (const group of sensors)
      for (const tag of group.tags) this.store.registerSynthetic(tag, group.facility);
    this.traceIds = new TraceIds(seed);
    this.server = new EmulatorServer({
      name: 'timeseries',
      ...(options.faultSeed !== undefined ? { faultSeed: options.faultSeed } : {}),
      ...guardOf(options.auth),
      notFound: ({ method, path }) => this.errorBody(404, `No route matches ${method} ${path}.`, 'traceId'),
      internalError: (error) =>
        this.errorBody(500, `An unexpected error occurred: ${(error as Error).message}`, 'traceId'),
    });
    for (const plant of options.plants ?? ['plant', 'plant-beta']) {
      for (const version of options.versions ?? API_VERSIONS) {
        const traits = { ...VERSION_TRAITS[version], ...options.versionTraits?.[version] };
        const context: RouteContext = { store: this.store, version, traits, settings };
        for (const route of [...seriesRoutes, ...readRoutes, ...writeRoutes]) {
          if (route.available && !route.available(traits)) continue;
          this.server.route(
            route.method,
            `${TimeseriesEmulator.basePath(version, plant)}${route.path}`,
            this.wrap(route, context),
          );
        }
      }
    }
  }

  /** The base path of a version, e.g. `/plant-beta/timeseries/v1.6`. */
  static basePath(version: ApiVersion = 'v1.6', plant = 'plant-beta'): string {
    return `/${plant}/timeseries/${version}`;
  }

  /** The request-count and fault key of a route, e.g. `routeKey('POST', '/query/data')` → `POST /plant-beta/timeseries/v1.6/query/data`. */
  static routeKey(method: string, path: string, version: ApiVersion = 'v1.6', plant = 'plant-beta'): string {
    return `${method} ${TimeseriesEmulator.basePath(version, plant)}${path}`;
  }

  async listen(port?: number, host?: string): Promise<string> {
    return this.server.listen(port, host);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  get url(): string {
    return this.server.url;
  }

  /** The base URL clients configure, e.g. `http://127.0.0.1:PORT/plant-beta/timeseries/v1.6`. */
  baseUrl(version: ApiVersion = 'v1.6', plant = 'plant-beta'): string {
    return `${this.server.url}${TimeseriesEmulator.basePath(version, plant)}`;
  }

  /** The pre-registered series of a synthetic tag. */
  syntheticSeries(tag: string): SeriesRecord | undefined {
    return this.store.all().find((r) => r.syntheticTag === tag);
  }

  /** The anomaly episodes injected into a tag's data in [from, to). */
  anomalyEpisodes(tag: string, from: TimeInput, to: TimeInput): AnomalyEpisode[] {
    return this.signals.anomalyEpisodes(tag, from, to);
  }

  private wrap(route: TimeseriesRoute, context: RouteContext) {
    return async (request: Parameters<TimeseriesRoute['handler']>[0]): Promise<EmulatorResponse> => {
      try {
        if (wantsProtobufOnly(request.headers.accept)) {
          throw new ApiError(406, 'The emulator answers JSON only; protobuf responses are not emulated.');
        }
        return await route.handler(request, context);
      } catch (error) {
        if (error instanceof ApiError)
          return this.errorBody(error.status, error.message, context.traits.errorIdField);
        throw error;
      }
    };
  }

  private errorBody(status: number, message: string, idField: 'traceId' | 'activityId'): EmulatorResponse {
    return json(status, { statusCode: status, message, [idField]: this.traceIds.next(idField) });
  }
}

function resolveSettings(options: TimeseriesEmulatorOptions): TimeseriesSettings {
  return {
    readEndInclusive: options.readEndInclusive ?? true,
    maxQueryItems: options.maxQueryItems ?? 100,
    maxDataLimit: options.maxDataLimit ?? 100_000,
    defaultDataLimit: options.defaultDataLimit ?? 1000,
    defaultListLimit: options.defaultListLimit ?? 1000,
    maxAggregateBuckets: options.maxAggregateBuckets ?? 10_000,
    stddev: options.stddev ?? 'sample',
    createdStatus: options.createdStatus ?? 200,
    maxDatapointsPerWrite: options.maxDatapointsPerWrite,
    maxItemsPerWrite: options.maxItemsPerWrite,
    nameMatching: options.nameMatching ?? 'exact',
  };
}

function guardOf(auth: TimeseriesEmulatorOptions['auth']): { guard?: RequestGuard } {
  if (auth === undefined || auth === 'none') return {};
  return {
    guard: bearerGuard(auth.authority, {
      ...(auth.audiences ? { audiences: auth.audiences } : {}),
      ...(auth.subscriptionKey !== undefined ? { subscriptionKey: auth.subscriptionKey } : {}),
    }),
  };
}

function startOf(start: string | Date | undefined): number {
  if (start === undefined) return Date.UTC(2020, 0, 1);
  if (start instanceof Date) return start.getTime();
  const micros = parseTime(start);
  if (micros === undefined) throw new RangeError(`syntheticStart is not a time: ${start}`);
  return Math.floor(micros / 1000);
}

function wantsProtobufOnly(accept: string | undefined): boolean {
  if (!accept || !accept.includes('protobuf')) return false;
  return !/json|\*\/\*/.test(accept);
}
