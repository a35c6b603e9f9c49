export { loadConfig, type LoadConfigOptions, type LoadedConfig } from './lib/load-config';
export { ConfigError, type ConfigErrorCode, type ConfigIssue } from './lib/errors';
export { redactConfig } from './lib/redact';
export { formatKeyPath, type KeyPath } from './lib/key-path';
export { mergeLayers, type ConfigLayer, type MergedConfig } from './lib/merge';
export { interpolateEnv, type Env } from './lib/interpolate';
export { parseYamlText, readYamlFile, type LoadedFile } from './lib/yaml-file';
export {
  secret,
  doc,
  ignored,
  integer,
  boolean,
  duration,
  timeOfDay,
  metaOf,
  unwrap,
  type ConfigFieldMeta,
  type Unwrapped,
  type ParsedSetting,
  type DurationLimits,
} from './lib/schema';
export { parseDuration, DurationError, type DurationErrorCode } from './lib/duration';
export { parseTimeOfDay, TimeOfDayError } from './lib/time-of-day';
export { describeConfigSchema, renderConfigReference, type ConfigFieldDoc } from './lib/reference';
export { authSchema, type AuthConfig } from './lib/sections/auth';
export { taskQueueSectionSchema, type TaskQueueSectionConfig } from './lib/sections/task-queue';
export {
  parseEventHubsConnectionString,
  ConnectionStringError,
  EVENT_HUBS_KAFKA_PORT,
  type EventHubsConnectionString,
} from './lib/event-hubs-connection-string';
export { taskStatusSectionSchema, type TaskStatusSectionConfig } from './lib/sections/task-status';
export {
  gordoSectionSchema,
  timeSeriesSectionSchema,
  metadataApiSectionSchema,
  type GordoSectionConfig,
  type TimeSeriesSectionConfig,
  type MetadataApiSectionConfig,
} from './lib/sections/upstreams';
export {
  loggingSectionSchema,
  serverSectionSchema,
  cacheSectionSchema,
  azureMonitorConnectionString,
} from './lib/sections/runtime';
export {
  schedulerSectionSchema,
  executorSectionSchema,
  schedulerConfigSchema,
  executorConfigSchema,
  type SchedulerConfig,
  type ExecutorConfig,
} from './lib/sections/apps';
