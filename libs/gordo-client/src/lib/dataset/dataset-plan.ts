import type { ModelMetadata } from '../metadata';
import { parsePandasDuration } from '../pandas-time';
import { isAggregationMethod } from './aggregation';
import { DatasetError } from './errors';
import type { InterpolationMethod } from './interpolation';
import type { Resampling } from './resample';
import { compileRowFilter, type RowFilter, RowFilterSyntaxError } from './row-filter';

/** gordo-core's default `interpolation_limit` when a model's metadata has none. */
export const DEFAULT_INTERPOLATION_LIMIT = '48H';

/**
 * How to turn sensor data into a model's input, worked out once per model and revision: which
 * tags to fetch (inputs, targets, and the row filter's tags), how to resample, which rows to keep.
 */
export interface DatasetPlan {
  /** Every tag to fetch: the input tags, then targets not among them, then row-filter-only tags. */
  readonly tags: readonly string[];
  readonly inputTags: readonly string[];
  readonly targetTags: readonly string[];
  /** Tags fetched only for the row filter; dropped after filtering, as gordo drops them. */
  readonly filterOnlyTags: readonly string[];
  /** undefined when the model was built without resampling (`resolution: null`): series are joined as they are. */
  readonly resampling: Resampling | undefined;
  /** undefined when the model has no row filter. */
  readonly rowFilter: RowFilter | undefined;
}

/**
 * Reads the dataset settings of a model's metadata into a {@link DatasetPlan}.
 * @throws DatasetError `DATASET_UNSUPPORTED` for settings that cannot be honoured (several
 * aggregation methods, which the server rejects anyway; an unknown aggregation or interpolation
 * method; an interpolation limit below the resolution; a row filter beyond comparisons).
 */
export function planDataset(metadata: ModelMetadata): DatasetPlan {
  const inputTags = metadata.inputTags.map((t) => t.name);
  const targetTags = metadata.targetTags.map((t) => t.name);
  const modelTags = [...new Set([...inputTags, ...targetTags])];
  const rowFilter = compileFilter(metadata);
  const filterOnlyTags = (rowFilter?.tags ?? []).filter((t) => !modelTags.includes(t));
  return {
    tags: [...modelTags, ...filterOnlyTags],
    inputTags,
    targetTags,
    filterOnlyTags,
    resampling: resamplingOf(metadata),
    rowFilter,
  };
}

function resamplingOf(metadata: ModelMetadata): Resampling | undefined {
  const { dataset } = metadata;
  const model = metadata.name;
  if (!dataset.resolution) return undefined;
  if (dataset.aggregationMethods.length !== 1) {
    throw unsupported(
      model,
      `${dataset.aggregationMethods.length} aggregation methods (${dataset.aggregationMethods.join(', ')}) give multi-level columns, which the Gordo server rejects`,
    );
  }
  const aggregation = dataset.aggregationMethods[0] as string;
  if (!isAggregationMethod(aggregation))
    throw unsupported(model, `aggregation method "${aggregation}" is not supported`);
  const interpolation = dataset.interpolation.method ?? 'linear_interpolation';
  if (interpolation !== 'linear_interpolation' && interpolation !== 'ffill')
    throw unsupported(model, `interpolation method "${interpolation}" is not linear_interpolation or ffill`);
  return {
    resolutionMs: dataset.resolution.ms,
    aggregation,
    interpolation: interpolation as InterpolationMethod,
    limitBuckets: limitBucketsOf(metadata, dataset.resolution.ms),
  };
}

/** `int(limit / resolution)` as gordo computes it; an explicit null means no limit, an absent key the default. */
function limitBucketsOf(metadata: ModelMetadata, resolutionMs: number): number | undefined {
  const raw = (metadata.raw['dataset'] ?? {}) as Record<string, unknown>;
  if ('interpolation_limit' in raw && raw['interpolation_limit'] === null) return undefined;
  const limit = metadata.dataset.interpolation.limit ?? parsePandasDuration(DEFAULT_INTERPOLATION_LIMIT);
  const buckets = Math.trunc((limit?.ms ?? 0) / resolutionMs);
  if (buckets <= 0)
    throw unsupported(
      metadata.name,
      `interpolation limit ${limit?.text} is shorter than the resolution ${metadata.dataset.resolution?.text}`,
    );
  return buckets;
}

function compileFilter(metadata: ModelMetadata): RowFilter | undefined {
  const expressions = metadata.dataset.rowFilter;
  if (expressions.length === 0) return undefined;
  try {
    return compileRowFilter(expressions);
  } catch (error) {
    if (!(error instanceof RowFilterSyntaxError)) throw error;
    throw new DatasetError(
      'DATASET_UNSUPPORTED',
      `model ${metadata.name}: the row filter cannot be honoured: ${error.message}`,
      { rowFilter: error.expression },
      { cause: error },
    );
  }
}

function unsupported(model: string, why: string): DatasetError {
  return new DatasetError('DATASET_UNSUPPORTED', `model ${model}: ${why}`);
}
