export { DiscoveryError, codeOf, messageOf, type DiscoveryErrorCode } from './errors';
export {
  GordoModelSource,
  MetadataProjectSource,
  StaticProjectSource,
  type GordoDiscoveryClient,
  type ModelSource,
  type ProjectSource,
} from './sources';
export { ModelFilter } from './model-filter';
export {
  ModelDiscovery,
  type DiscoveredModel,
  type DiscoveryResult,
  type ModelDiscoveryOptions,
  type ProjectFailure,
} from './model-discovery';
