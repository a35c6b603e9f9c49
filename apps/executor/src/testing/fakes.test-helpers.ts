import {
  GordoError,
  type InputFrame,
  type ModelMetadata,
  planDataset,
  type PredictionFrame,
  type SeriesPoints,
} from '@latigo/gordo-client';
import type { LogMeta, Logger } from '@latigo/observability';
import type { PredictionMetadata } from '@latigo/metadata-client';
import type {
  MetadataRecorder,
  ModelCatalog,
  ModelSpec,
  OutputSeriesSpec,
  PredictionStore,
  Predictor,
  ResolvedTags,
  SensorData,
} from '../pipeline/ports';

/** A model's metadata as `GordoClient.getMetadata` types it, with only what the tests vary. */
export function modelMetadata(options: {
  name: string;
  inputs: string[];
  targets?: string[];
  resolution?: string;
  offset?: number;
  rowFilter?: string[];
  revision?: string;
}): ModelMetadata {
  const resolution = options.resolution ?? '10T';
  const minutes = Number(resolution.replace('T', ''));
  const targets = options.targets ?? options.inputs;
  return {
    name: options.name,
    project: 'latigo-test',
    revision: options.revision ?? '1',
    inputTags: options.inputs.map((name) => ({ name })),
    targetTags: targets.map((name) => ({ name })),
    modelOffset: options.offset ?? 0,
    trainStart: new Date('2020-01-01T00:00:00Z'),
    trainEnd: new Date('2020-01-03T00:00:00Z'),
    dataset: {
      resolution: { text: resolution, ms: minutes * 60_000 },
      aggregationMethods: ['mean'],
      interpolation: { method: 'linear_interpolation', limit: { text: '48H', ms: 48 * 3_600_000 } },
      rowFilter: options.rowFilter ?? [],
      rowFilterBufferSize: 0,
      nSamplesThreshold: 0,
    },
    thresholds: {},
    userDefined: {},
    raw: { dataset: {} },
  };
}

/** Gordo's revisions and metadata in memory; `gone` revisions answer 410 as Gordo does. */
export class FakeCatalog implements ModelCatalog {
  latest = '2';
  readonly gone = new Set<string>();
  /** What the cache would still answer (a revision deleted since). */
  cachedLatest: string | undefined;
  readonly revisionCalls: { project: string; fresh: boolean }[] = [];

  constructor(private readonly models: Record<string, ModelMetadata>) {}

  async latestRevision(project: string, options: { fresh?: boolean } = {}): Promise<string> {
    this.revisionCalls.push({ project, fresh: options.fresh === true });
    return !options.fresh && this.cachedLatest ? this.cachedLatest : this.latest;
  }

  async model(project: string, model: string, revision: string): Promise<ModelSpec> {
    if (this.gone.has(revision))
      throw new GordoError('GORDO_REVISION_GONE', `Revision '${revision}' not found.`, {
        project,
        model,
        revision,
        status: 410,
      });
    const metadata = this.models[model];
    if (!metadata)
      throw new GordoError('GORDO_MODEL_NOT_FOUND', `no ${model}`, { project, model, revision, status: 404 });
    return { project, model, revision, metadata, plan: planDataset(metadata) };
  }
}

/** Sensor series in memory: tag → points, all in facility 1903. */
export class FakeSensors implements SensorData {
  readonly reads: { from: Date; to: Date }[] = [];

  constructor(
    readonly series: Map<string, SeriesPoints>,
    readonly facility = '1903',
  ) {}

  async resolveTags(tags: readonly string[]): Promise<ResolvedTags | undefined> {
    if (!this.series.has(tags[0] as string)) return undefined;
    const ids = new Map(tags.filter((t) => this.series.has(t)).map((t) => [t, `id:${t}`]));
    return { facility: this.facility, ids, missing: tags.filter((t) => !this.series.has(t)) };
  }

  async read(
    ids: ReadonlyMap<string, string>,
    window: { from: Date; to: Date },
  ): Promise<Map<string, SeriesPoints>> {
    this.reads.push(window);
    return new Map([...ids.keys()].map((tag) => [tag, this.series.get(tag) as SeriesPoints]));
  }
}

/**
 * A model standing in for Gordo: `model-output` = 2 × each target, `total-anomaly-scaled` = the
 * sum of the targets; rows as received (offset 0), or all but the first `offset` rows.
 */
export class FakePredictor implements Predictor {
  readonly inputs: InputFrame[] = [];

  constructor(
    private readonly targets: readonly string[],
    private readonly offset = 0,
  ) {}

  async predict(request: Parameters<Predictor['predict']>[0]): ReturnType<Predictor['predict']> {
    this.inputs.push(request.X);
    const index = Float64Array.from(request.X.index).subarray(this.offset);
    const column = (tag: string) =>
      Float64Array.from(
        (request.X.columns as ReadonlyMap<string, ArrayLike<number>>).get(tag) as ArrayLike<number>,
      ).subarray(this.offset);
    const output = new Map(this.targets.map((t) => [t, column(t).map((v) => 2 * v)]));
    const total = index.map((_, i) => this.targets.reduce((sum, t) => sum + (column(t)[i] as number), 0));
    const frame: PredictionFrame = {
      index,
      end: index.map(() => NaN),
      columns: new Map([
        ['model-input', new Map(this.targets.map((t) => [t, column(t)]))],
        ['model-output', output],
        ['total-anomaly-scaled', new Map([['', total]])],
      ]),
    };
    return { frame, route: 'anomaly', batches: 1 };
  }
}

/** Output series and datapoints in memory; same timestamps overwrite, as the API does. */
export class FakeStore implements PredictionStore {
  readonly ids = new Map<string, string>();
  readonly points = new Map<string, Map<number, number>>();

  async ensureSeries(series: readonly OutputSeriesSpec[], facility: string): Promise<Map<string, string>> {
    for (const s of series) if (!this.ids.has(s.name)) this.ids.set(s.name, `${facility}/${s.name}`);
    return new Map(series.map((s) => [s.name, this.ids.get(s.name) as string]));
  }

  async write(writes: Parameters<PredictionStore['write']>[0]): ReturnType<PredictionStore['write']> {
    let written = 0;
    for (const w of writes) {
      const stored = this.points.get(w.id) ?? new Map<number, number>();
      w.times.forEach((t, i) => stored.set(t, w.values[i] as number));
      this.points.set(w.id, stored);
      written += w.times.length;
    }
    return { written, skippedNaN: 0, requests: 1 };
  }

  /** The stored points of a series by name, as [ISO time, value]. */
  series(name: string): [string, number][] {
    const points = this.points.get(this.ids.get(name) ?? '') ?? new Map<number, number>();
    return [...points].sort((a, b) => a[0] - b[0]).map(([t, v]) => [new Date(t).toISOString(), v]);
  }
}

export class FakeRecorder implements MetadataRecorder {
  readonly records: PredictionMetadata[] = [];

  async record(record: PredictionMetadata): Promise<{ modelId: number }> {
    this.records.push(record);
    return { modelId: this.records.length };
  }
}

/** One captured log line. */
export interface LogLine extends LogMeta {
  level: string;
  message: string;
}

/** A Logger that keeps its lines, for assertions on what was logged. */
export class MemoryLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly meta: LogMeta = {},
  ) {}

  debug(message: string, meta?: LogMeta): void {
    this.lines.push({ ...this.meta, ...meta, level: 'debug', message });
  }
  info(message: string, meta?: LogMeta): void {
    this.lines.push({ ...this.meta, ...meta, level: 'info', message });
  }
  warn(message: string, meta?: LogMeta): void {
    this.lines.push({ ...this.meta, ...meta, level: 'warn', message });
  }
  error(message: string, meta?: LogMeta): void {
    this.lines.push({ ...this.meta, ...meta, level: 'error', message });
  }
  child(meta: LogMeta): Logger {
    return new MemoryLogger(this.lines, { ...this.meta, ...meta });
  }
}
