export {
  GordoClient,
  type GordoClientOptions,
  type Revisions,
  type ModelList,
  type PredictRequest,
  type PredictModelsRequest,
  type ModelOutcome,
  type Prediction,
} from './lib/client';
export { GordoError, type GordoErrorCode, type GordoErrorContext } from './lib/errors';
export {
  type ModelMetadata,
  type TagRef,
  type DatasetSettings,
  type ModelThresholds,
  predictionDataWindow,
} from './lib/metadata';
export type { PredictionFrame } from './lib/frame';
export type { InputFrame } from './lib/input';
export { type PandasDuration, parsePandasDuration } from './lib/pandas-time';
export { parseTolerantJson } from './lib/tolerant-json';
export { gordoClientOptionsFromConfig, type GordoSection, type GordoWiring } from './lib/config';
export { DatasetError, type DatasetErrorCode, type DatasetErrorContext } from './lib/dataset/errors';
export {
  resampleSeries,
  type SeriesPoints,
  type DataWindow,
  type Resampling,
  type ResampledSeries,
} from './lib/dataset/resample';
export { AGGREGATION_METHODS, aggregate, type AggregationMethod } from './lib/dataset/aggregation';
export { fillGaps, type InterpolationMethod } from './lib/dataset/interpolation';
export { compileRowFilter, RowFilterSyntaxError, type RowFilter } from './lib/dataset/row-filter';
export { planDataset, DEFAULT_INTERPOLATION_LIMIT, type DatasetPlan } from './lib/dataset/dataset-plan';
export { buildDataset, type PreparedDataset } from './lib/dataset/build-dataset';
