export * from './lib/status-report';
export * from './lib/task-status-ports';
export { STATE_RANK, isFinal, supersedes } from './lib/store/task-state-order';
export {
  DEFAULT_LIMITS,
  type TaskStatusLimits,
  type TaskStatusWrite,
  type TaskStatusWriter,
} from './lib/store/status-store';
export { buildReport, type StatusSnapshot } from './lib/store/build-report';
export {
  MemoryTaskStatusStore,
  type MemoryTaskStatusStoreOptions,
} from './lib/store/memory-task-status-store';
export {
  RedisTaskStatusStore,
  type RedisScripting,
  type RedisTaskStatusStoreOptions,
} from './lib/store/redis-task-status-store';
export {
  BufferedTaskStatusRecorder,
  type BufferedTaskStatusRecorderOptions,
} from './lib/recorder/buffered-task-status-recorder';
export { TaskStatusMetrics } from './lib/recorder/task-status-metrics';
export {
  createTaskStatus,
  taskStatusLimits,
  type TaskStatusService,
  type TaskStatusConfig,
  type TaskStatusDeps,
} from './lib/create-task-status';
export { taskStatusEvent, type TaskRef } from './lib/task-status-event';
export { registerFreshnessGauge, type FreshnessGaugeOptions } from './lib/freshness-gauge';
export { TaskStatusError, type TaskStatusErrorCode } from './lib/errors';
export { HttpStatusReader, redisSource, type StatusSource } from './lib/cli/status-sources';
export { formatReport, formatHistory } from './lib/cli/format-status';
