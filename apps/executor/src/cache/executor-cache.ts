import type { ExecutorConfig } from '@latigo/config-loader';
import type { Logger } from '@latigo/observability';
import { MemorySeriesIdCache, RedisSeriesIdCache, type SeriesIdCache } from '@latigo/time-series-client';
import type { RedisScripting } from '@latigo/task-status';
import type * as Redis from 'redis';
import { type DoneMarkers, NO_DONE_MARKERS } from '../done-markers/done-markers';
import { MemoryDoneMarkers } from '../done-markers/memory-done-markers';
import { RedisDoneMarkers } from '../done-markers/redis-done-markers';
import { bestEffortDoneMarkers, bestEffortSeriesIdCache, CacheFailureLog } from './best-effort';

/** What the executor keeps in the cache: series ids (shared with other executors) and done markers. */
export interface ExecutorCache {
  readonly seriesIds: SeriesIdCache;
  readonly doneMarkers: DoneMarkers;
  /** The Redis connection (`cache.type: redis`), for the task status to share. */
  readonly redis?: RedisScripting;
  /** Undefined when healthy, else why not (for /readyz). */
  readiness(): string | undefined;
  close(): Promise<void>;
}

/** Cache operations longer than this are given up (the task goes on without the cache). */
const CACHE_TIMEOUT_MS = 2000;

/**
 * The `cache` section as the executor uses it: Redis (CACHE_HOST, CACHE_PORT, CACHE_PASSWORD, TLS),
 * or process memory. Redis is best-effort: while it is unreachable, series ids are looked up in
 * the API and finished tasks may run again, both safe; commands fail fast instead of queueing.
 */
export function createExecutorCache(
  config: Pick<ExecutorConfig, 'cache' | 'executor'>,
  logger: Logger,
): ExecutorCache {
  const { cache, executor } = config;
  const markerTtlMs = executor.done_marker_ttl.ms;
  if (cache.type === 'memory') {
    return {
      seriesIds: new MemorySeriesIdCache(),
      doneMarkers: markerTtlMs > 0 ? new MemoryDoneMarkers({ ttlMs: markerTtlMs }) : NO_DONE_MARKERS,
      readiness: () => undefined,
      close: async () => undefined,
    };
  }
  const log = logger.child({ component: 'redis' });
  // Loaded here: with `cache.type: memory` the process does not pay for node-redis (~7–15 MB RSS).
  const { createClient } = require('redis') as typeof Redis;
  const redis = createClient({
    socket: cache.tls
      ? { host: cache.host, port: cache.port, tls: true as const }
      : { host: cache.host, port: cache.port },
    ...(cache.password ? { password: cache.password } : {}),
    disableOfflineQueue: true,
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    // node-redis reconnects by itself; log each distinct failure once.
    if (error.message !== lastError) log.warn('redis connection problem', { error: error.message });
    lastError = error.message;
  });
  redis.on('ready', () => {
    lastError = '';
    log.info('redis connected', { host: cache.host, port: cache.port });
  });
  redis.connect().catch((error: unknown) => log.warn('redis: first connection failed', { error }));
  // One failure log for all of this cache's operations: an outage is logged once, not per call.
  const guard = { logger: log, timeoutMs: CACHE_TIMEOUT_MS, failures: new CacheFailureLog(log) };
  return {
    seriesIds: bestEffortSeriesIdCache(
      new RedisSeriesIdCache(redis, { keyPrefix: `${cache.key_prefix}series-id:` }),
      guard,
    ),
    doneMarkers:
      markerTtlMs > 0
        ? bestEffortDoneMarkers(
            new RedisDoneMarkers(redis, {
              keyPrefix: `${cache.key_prefix}done:`,
              ttlSeconds: markerTtlMs / 1000,
            }),
            guard,
          )
        : NO_DONE_MARKERS,
    redis,
    readiness: () => (redis.isReady ? undefined : `redis ${cache.host}:${cache.port} is not connected`),
    close: async () => {
      if (redis.isReady) await redis.close();
      else if (redis.isOpen) redis.destroy(); // still reconnecting: nothing to flush
    },
  };
}
