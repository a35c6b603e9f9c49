import type { ExecutorConfig, SchedulerConfig } from '@latigo/config-loader';
import type { Logger } from '@latigo/observability';
import type { Registry } from 'prom-client';
import type * as Redis from 'redis';
import { BufferedTaskStatusRecorder } from './recorder/buffered-task-status-recorder';
import { MemoryTaskStatusStore } from './store/memory-task-status-store';
import { RedisTaskStatusStore, type RedisScripting } from './store/redis-task-status-store';
import type { TaskStatusLimits } from './store/status-store';
import type { TaskStatusReader, TaskStatusRecorder } from './task-status-ports';

/** The sections the task status reads: its own, `cache` (the Redis connection) and, when present, `scheduler`. */
export type TaskStatusConfig = Pick<SchedulerConfig | ExecutorConfig, 'task_status' | 'cache'> & {
  readonly scheduler?: Pick<
    SchedulerConfig['scheduler'],
    'continuous_prediction_interval' | 'continuous_prediction_delay'
  >;
};

export interface TaskStatusDeps {
  readonly logger: Logger;
  readonly registry: Registry;
  /** A connected node-redis client to use (not closed by `close`); without it one is made from `cache`. */
  readonly redisClient?: RedisScripting;
  /** `memory`: the store to share with other components of this process (the embedded run). */
  readonly memoryStore?: MemoryTaskStatusStore;
  /** Recorder tuning, for tests. */
  readonly flushIntervalMs?: number;
}

export interface TaskStatusService {
  readonly recorder: TaskStatusRecorder & { readonly pending: number };
  readonly reader: TaskStatusReader;
  /** Which store: `redis` or `memory`. */
  readonly type: 'redis' | 'memory';
  /** Flushes the recorder, then closes the Redis client it made. */
  close(): Promise<void>;
}

/** Limits from `task_status` (and the slot grid, for the freshness limit). */
export function taskStatusLimits(config: TaskStatusConfig): TaskStatusLimits {
  const s = config.task_status;
  const grid = config.scheduler
    ? config.scheduler.continuous_prediction_interval.ms + config.scheduler.continuous_prediction_delay.ms
    : 0;
  return {
    retentionMs: s.retention.ms,
    maxSlots: s.max_slots,
    maxTasksPerModel: s.max_tasks_per_model,
    freshnessLimitMs: grid + s.freshness_grace.ms,
  };
}

/**
 * The task status of `task_status` (type defaults to the cache's): a recorder that never blocks
 * and a reader, over Redis (`cache` connection, keys under `cache.key_prefix` + `task-status:`)
 * or process memory.
 */
export function createTaskStatus(config: TaskStatusConfig, deps: TaskStatusDeps): TaskStatusService {
  const type = config.task_status.type ?? config.cache.type;
  const limits = taskStatusLimits(config);
  const logger = deps.logger.child({ component: 'task-status' });
  let store: MemoryTaskStatusStore | RedisTaskStatusStore;
  let closeClient = async () => undefined as void;
  if (type === 'memory') {
    store = deps.memoryStore ?? new MemoryTaskStatusStore({ limits });
  } else {
    let client = deps.redisClient;
    if (!client) {
      const made = redisClientFor(config.cache, logger);
      client = made;
      closeClient = async () => {
        if (made.isReady) await made.close();
        else if (made.isOpen) made.destroy();
      };
    }
    store = new RedisTaskStatusStore(client, { keyPrefix: `${config.cache.key_prefix}task-status:`, limits });
  }
  const recorder = new BufferedTaskStatusRecorder({
    writer: store,
    logger,
    registry: deps.registry,
    ...(deps.flushIntervalMs !== undefined ? { flushIntervalMs: deps.flushIntervalMs } : {}),
  });
  return {
    recorder,
    reader: store,
    type,
    close: async () => {
      await recorder.close();
      await closeClient();
    },
  };
}

/** A client that connects in the background, reconnects, and fails commands fast while down. */
function redisClientFor(cache: TaskStatusConfig['cache'], logger: Logger) {
  // Loaded here: the memory store (the embedded default) does not pay for node-redis (~7–15 MB RSS).
  const { createClient } = require('redis') as typeof Redis;
  const client = createClient({
    socket: {
      host: cache.host ?? '',
      port: cache.port,
      ...(cache.tls ? { tls: true as const, servername: cache.host ?? '' } : {}),
      connectTimeout: 5000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000),
    },
    ...(cache.password ? { password: cache.password } : {}),
    disableOfflineQueue: true,
    commandOptions: { timeout: 5000 },
  });
  let lastError = '';
  client.on('error', (error: Error) => {
    // node-redis reports every failed reconnect; one line per distinct failure is enough.
    if (error.message !== lastError)
      logger.warn('task status redis connection problem', { error: error.message });
    lastError = error.message;
  });
  client.on('ready', () => (lastError = ''));
  client
    .connect()
    .catch((error: unknown) => logger.warn('task status redis: first connection failed', { error }));
  return client;
}
