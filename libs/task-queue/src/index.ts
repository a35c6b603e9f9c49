export { createTask, taskIdOf, taskKeyOf, formatUtc, type Task, type TaskInput } from './lib/task';
export { encodeTask, decodeTask, validateTask } from './lib/task-codec';
export {
  TaskQueueError,
  PoisonMessageError,
  InvalidTaskError,
  type TaskQueueErrorCode,
  type TaskQueueErrorContext,
  type PoisonField,
} from './lib/errors';
export type {
  TaskQueue,
  TaskConsumer,
  TaskHandler,
  TaskContext,
  TaskResult,
  RunOptions,
  TaskOutcome,
  RetryPolicy,
  DrainResult,
  EnqueueResult,
  MessagePosition,
  DeadLetter,
  DeadLetterFilter,
  DeadLetterStore,
  ReplayResult,
} from './lib/task-queue';
export { DEFAULT_RETRY_POLICY } from './lib/consumer/retry-policy';
export { DEAD_LETTER_HEADERS } from './lib/dead-letter';
export { EVENT_HUBS_MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES } from './lib/produce-requests';
export { createMemoryTaskQueue, type MemoryTaskQueueOptions } from './lib/memory/memory-task-queue';
export { MemoryBroker } from './lib/memory/memory-broker';
export { createTaskQueue, type CreateTaskQueueDeps } from './lib/create-task-queue';
export { createKafkaTaskQueue, type KafkaTaskQueueOptions } from './lib/kafka/kafka-task-queue';
export {
  kafkaSettingsFromConfig,
  EVENT_HUBS_DEFAULTS,
  type KafkaSettings,
  type SettingsFromConfigOptions,
} from './lib/kafka/kafka-settings';
export { createKafkaClient } from './lib/kafka/kafka-client';
export {
  parseEventHubsConnectionString,
  type EventHubsConnectionString,
} from './lib/kafka/connection-string';
