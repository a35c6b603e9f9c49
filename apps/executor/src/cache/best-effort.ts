import type { Logger } from '@latigo/observability';
import type { SeriesIdCache, SeriesKey } from '@latigo/time-series-client';
import type { DoneMarkers } from '../done-markers/done-markers';

/**
 * Runs a cache operation, but never lets the cache fail or stall a task: an error or a reply
 * slower than `timeoutMs` is logged and answered with `fallback`. Without the cache a task only
 * does more lookups (series ids) or repeats finished work (done markers), which is safe.
 */
export async function bestEffort<T>(
  what: string,
  op: () => Promise<T>,
  fallback: T,
  options: { logger: Logger; timeoutMs: number },
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  try {
    const result = await Promise.race([op(), timeout]);
    if (result !== 'timeout') return result;
    options.logger.warn('cache: no answer in time, going on without it', {
      operation: what,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    options.logger.warn('cache: operation failed, going on without it', { operation: what, error });
  } finally {
    clearTimeout(timer);
  }
  return fallback;
}

/** A SeriesIdCache whose failures are misses (the id is then looked up in the API). */
export function bestEffortSeriesIdCache(
  cache: SeriesIdCache,
  options: { logger: Logger; timeoutMs: number },
): SeriesIdCache {
  return {
    get: (key: SeriesKey) => bestEffort('series-id get', () => cache.get(key), undefined, options),
    getMany: (keys: readonly SeriesKey[]) =>
      bestEffort(
        'series-id get',
        () => (cache.getMany ? cache.getMany(keys) : Promise.all(keys.map((key) => cache.get(key)))),
        keys.map(() => undefined),
        options,
      ),
    set: (key: SeriesKey, id: string) =>
      bestEffort('series-id set', () => cache.set(key, id), undefined, options),
  };
}

/** Done markers whose failures mean "not done" (the task then runs again, which is safe). */
export function bestEffortDoneMarkers(
  markers: DoneMarkers,
  options: { logger: Logger; timeoutMs: number },
): DoneMarkers {
  return {
    isDone: (taskId) => bestEffort('done-marker get', () => markers.isDone(taskId), false, options),
    markDone: (taskId) => bestEffort('done-marker set', () => markers.markDone(taskId), undefined, options),
  };
}
