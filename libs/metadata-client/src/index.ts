export { MetadataClient, type MetadataClientOptions } from './lib/metadata-client';
export {
  encodePredictionMetadata,
  pythonDateTime,
  type PredictionMetadata,
  type InputTagRecord,
  type OutputTagRecord,
} from './lib/prediction-metadata';
