export {
  MetadataEmulator,
  type MetadataAuthOptions,
  type MetadataEmulatorOptions,
  type StoredModel,
} from './metadata-emulator';
export { validateModelMetadata, type FieldError, type ModelMetadata } from './model-metadata';
