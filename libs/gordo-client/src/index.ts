export {
  GordoClient,
  type GordoClientOptions,
  type Revisions,
  type ModelList,
  type PredictRequest,
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
