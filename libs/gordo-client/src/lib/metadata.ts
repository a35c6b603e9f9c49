import { type PandasDuration, parsePandasDuration, parsePandasTimestamp } from './pandas-time';

/** A sensor tag as the dataset names it (`"tag-1"` or `{"name": "tag-1", "asset": "…"}`). */
export interface TagRef {
  readonly name: string;
  readonly asset?: string;
}

/** Thresholds found at build time by cross-validation; undefined when the model has none. */
export interface ModelThresholds {
  /** Per target tag, in target-tag order (the divisor of `anomaly-confidence`). */
  readonly feature?: readonly number[];
  /** The divisor of `total-anomaly-confidence`. */
  readonly aggregate?: number;
  readonly smoothFeature?: readonly number[];
  readonly smoothAggregate?: number;
  /** Rows in the smoothing window, and the method (`smm`, `sma`, `ewma`). */
  readonly window?: number;
  readonly smoothingMethod?: string;
}

/**
 * The dataset settings a caller needs to fetch and prepare the model's input the way the Python
 * client does (resample to `resolution` with `aggregationMethods`, interpolate up to
 * `interpolation.limit`, inner-join, drop NaN rows, apply `rowFilter`).
 */
export interface DatasetSettings {
  /** e.g. `gordo_core.time_series.TimeSeriesDataset`. */
  readonly type?: string;
  /** `undefined` when the model was trained without resampling (`resolution: null`). */
  readonly resolution?: PandasDuration;
  /** One or more of `mean`, `max`, …; more than one gives multi-level columns the server rejects. */
  readonly aggregationMethods: readonly string[];
  readonly interpolation: { readonly method?: string; readonly limit?: PandasDuration };
  /** pandas query expressions, ANDed; empty when there is no filter. */
  readonly rowFilter: readonly string[];
  readonly rowFilterBufferSize: number;
  readonly nSamplesThreshold: number;
  readonly asset?: string;
  readonly defaultTag?: unknown;
  readonly additionalTags?: unknown;
  readonly knownFilterPeriods?: unknown;
  readonly filterPeriods?: unknown;
  readonly dataProvider?: unknown;
}

/** A model's `/metadata`, typed: what Latigo needs to fetch input, predict and label outputs. */
export interface ModelMetadata {
  readonly name: string;
  readonly project: string;
  /** The revision the server answered for. */
  readonly revision: string;
  readonly checksum?: string;
  readonly serverVersion?: string;
  readonly inputTags: readonly TagRef[];
  /** Defaults to the input tags when the model has no separate targets. */
  readonly targetTags: readonly TagRef[];
  /** Rows the model consumes before its first output (e.g. an LSTM's lookback); 0 for most. */
  readonly modelOffset: number;
  readonly trainStart?: Date;
  readonly trainEnd?: Date;
  readonly dataset: DatasetSettings;
  readonly thresholds: ModelThresholds;
  /** The outermost class of the model definition, e.g. `gordo.machine.model.anomaly.diff.DiffBasedAnomalyDetector`. */
  readonly modelType?: string;
  /** `metadata.user_defined` from the config (free-form). */
  readonly userDefined: Readonly<Record<string, unknown>>;
  /** The `metadata` object as served, for anything not typed here. */
  readonly raw: Readonly<Record<string, unknown>>;
}

type Json = Record<string, unknown>;

/** Thrown for a metadata body that lacks what every Gordo model has; the client maps it to GORDO_BAD_RESPONSE. */
export class MetadataShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetadataShapeError';
  }
}

/**
 * Types the body of `GET …/<model>/metadata`: `{checksum, gordo-server-version, metadata: <Machine>, revision}`.
 * Fails with `MetadataShapeError` when name, dataset or tag list are missing.
 */
export function parseModelMetadata(body: unknown, fallbackRevision: string): ModelMetadata {
  const top = asObject(body, 'body');
  const machine = asObject(top['metadata'], 'metadata');
  const dataset = asObject(machine['dataset'], 'metadata.dataset');
  const name = machine['name'];
  if (typeof name !== 'string' || name === '') throw new MetadataShapeError('metadata.name is missing');
  const inputTags = tagList(dataset['tag_list'] ?? dataset['tags'], 'metadata.dataset.tag_list');
  if (inputTags.length === 0) throw new MetadataShapeError('metadata.dataset.tag_list is empty');
  const targets = dataset['target_tag_list'];
  const targetTags =
    Array.isArray(targets) && targets.length > 0
      ? tagList(targets, 'metadata.dataset.target_tag_list')
      : inputTags;

  const build = optObject(optObject(machine['metadata'])['build_metadata']);
  const builtModel = optObject(build['model']);
  const modelDefinition = optObject(machine['model']);

  return {
    name,
    project: str(machine['project_name']) ?? '',
    revision: str(top['revision']) ?? fallbackRevision,
    checksum: str(top['checksum']),
    serverVersion: str(top['gordo-server-version']),
    inputTags,
    targetTags,
    modelOffset: num(builtModel['model_offset']) ?? 0,
    trainStart: date(dataset['train_start_date']),
    trainEnd: date(dataset['train_end_date']),
    dataset: datasetSettings(dataset),
    thresholds: thresholds(optObject(builtModel['model_meta']), targetTags),
    modelType: Object.keys(modelDefinition)[0],
    userDefined: optObject(optObject(machine['metadata'])['user_defined']),
    raw: machine,
  };
}

/**
 * The data window the Python client fetches for a prediction over [from, to]: it starts
 * `(modelOffset + 5) × resolution` earlier, so resampling and the model's lookback have context.
 */
export function predictionDataWindow(
  metadata: ModelMetadata,
  from: Date,
  to: Date,
): { start: Date; end: Date } {
  const step = metadata.dataset.resolution?.ms ?? 0;
  return { start: new Date(from.getTime() - (metadata.modelOffset + 5) * step), end: to };
}

function datasetSettings(dataset: Json): DatasetSettings {
  const resolution = dataset['resolution'] === undefined ? '10T' : dataset['resolution'];
  const aggregation = dataset['aggregation_methods'] ?? 'mean';
  const rowFilter = dataset['row_filter'];
  return {
    type: str(dataset['type']),
    resolution: duration(resolution, 'resolution'),
    aggregationMethods: (Array.isArray(aggregation) ? aggregation : [aggregation]).map(String),
    interpolation: {
      method: str(dataset['interpolation_method']),
      limit: duration(dataset['interpolation_limit'], 'interpolation_limit'),
    },
    rowFilter: (Array.isArray(rowFilter) ? rowFilter : [rowFilter]).filter(
      (f): f is string => typeof f === 'string' && f.trim() !== '',
    ),
    rowFilterBufferSize: num(dataset['row_filter_buffer_size']) ?? 0,
    nSamplesThreshold: num(dataset['n_samples_threshold']) ?? 0,
    asset: str(dataset['asset']),
    defaultTag: dataset['default_tag'] ?? undefined,
    additionalTags: dataset['additional_tags'] ?? undefined,
    knownFilterPeriods: dataset['known_filter_periods'] ?? undefined,
    filterPeriods: dataset['filter_periods'] ?? undefined,
    dataProvider: dataset['data_provider'] ?? undefined,
  };
}

function thresholds(meta: Json, targets: readonly TagRef[]): ModelThresholds {
  return {
    feature: perTarget(meta['feature-thresholds'], targets),
    aggregate: num(meta['aggregate-threshold']),
    smoothFeature: perTarget(meta['smooth-feature-thresholds'], targets),
    smoothAggregate: num(meta['smooth-aggregate-threshold']),
    window: num(meta['window']),
    smoothingMethod: str(meta['smoothing-method']),
  };
}

/** Thresholds are a list in target order; older builds wrote `{tag: value}`, reordered here. */
function perTarget(value: unknown, targets: readonly TagRef[]): readonly number[] | undefined {
  if (Array.isArray(value)) return value.map((v) => num(v) ?? NaN);
  if (value !== null && typeof value === 'object') {
    const byTag = value as Json;
    return targets.map((t) => num(byTag[t.name]) ?? NaN);
  }
  return undefined;
}

function tagList(value: unknown, where: string): TagRef[] {
  if (!Array.isArray(value)) throw new MetadataShapeError(`${where} is not a list`);
  return value.map((entry, i) => {
    if (typeof entry === 'string') return { name: entry };
    const tag = entry as Json | null;
    if (tag && typeof tag['name'] === 'string') {
      return typeof tag['asset'] === 'string'
        ? { name: tag['name'], asset: tag['asset'] }
        : { name: tag['name'] };
    }
    throw new MetadataShapeError(`${where}[${i}] is neither a name nor {name, asset}`);
  });
}

function duration(value: unknown, key: string): PandasDuration | undefined {
  if (value === null || value === undefined) return undefined;
  const parsed = parsePandasDuration(String(value));
  if (!parsed)
    throw new MetadataShapeError(
      `metadata.dataset.${key} ${JSON.stringify(value)} is not a fixed pandas offset`,
    );
  return parsed;
}

function date(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = parsePandasTimestamp(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function asObject(value: unknown, where: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new MetadataShapeError(`${where} is not an object`);
  return value as Json;
}

function optObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A number, NaN and ±Infinity included (Gordo writes them bare); undefined for null or absent. */
function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
