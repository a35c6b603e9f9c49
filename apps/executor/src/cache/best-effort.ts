import type { Logger } from '@latigo/observability';
import { getSeriesIds, type SeriesIdCache, type SeriesKey } from '@latigo/time-series-client';
import type { DoneMarkers } from '../done-markers/done-markers';

/** How a best-effort cache reports trouble. */
export interface BestEffortOptions {
  logger: Logger;
  timeoutMs: number;
  /** Shared by the operations of one cache, so an outage is logged once (default: one per wrapper). */
  failures?: CacheFailureLog;
}

/**
 * An outage of the cache in a few lines, not one per operation: a task makes dozens of cache
 * calls, so a Redis outage logged per call buried everything else (210,000 lines in 1,200 tasks,
 * measured). The first failure is logged, then a reminder with the count at most once per
 * `remindEveryMs` while failures continue, and the first answer after them.
 */
export class CacheFailureLog {
  private failing = false;
  private since = 0;
  private lastLine = 0;
  private unlogged = 0;

  constructor(
    private readonly logger: Logger,
    private readonly remindEveryMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  failed(message: string, meta: Record<string, unknown>): void {
    const now = this.now();
    if (this.failing && now - this.lastLine < this.remindEveryMs) {
      this.unlogged++;
      return;
    }
    if (!this.failing) this.since = now;
    this.logger.warn(message, {
      ...meta,
      ...(this.failing ? { failuresSinceLastLine: this.unlogged, failingForMs: now - this.since } : {}),
    });
    this.failing = true;
    this.lastLine = now;
    this.unlogged = 0;
  }

  answered(): void {
    if (!this.failing) return;
    this.logger.info('cache: answering again', {
      failuresSinceLastLine: this.unlogged,
      failedForMs: this.now() - this.since,
    });
    this.failing = false;
    this.unlogged = 0;
  }
}

/**
 * Runs a cache operation, but never lets the cache fail or stall a task: an error or a reply
 * slower than `timeoutMs` is reported (see `CacheFailureLog`) and answered with `fallback`.
 * Without the cache a task only does more lookups (series ids) or repeats finished work (done
 * markers), which is safe.
 */
export async function bestEffort<T>(
  what: string,
  op: () => Promise<T>,
  fallback: T,
  options: { timeoutMs: number; failures: CacheFailureLog },
): Promise<T> {
  const { failures } = options;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  try {
    const result = await Promise.race([op(), timeout]);
    if (result !== 'timeout') {
      failures.answered();
      return result;
    }
    failures.failed('cache: no answer in time, going on without it', {
      operation: what,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    failures.failed('cache: operation failed, going on without it', {
      operation: what,
      error: error instanceof Error ? error.message : String(error),
    });
  } finally {
    clearTimeout(timer);
  }
  return fallback;
}

/** A SeriesIdCache whose failures are misses (the id is then looked up in the API). */
export function bestEffortSeriesIdCache(cache: SeriesIdCache, guard: BestEffortOptions): SeriesIdCache {
  const options = reporting(guard);
  return {
    get: (key: SeriesKey) => bestEffort('series-id get', () => cache.get(key), undefined, options),
    getMany: (keys: readonly SeriesKey[]) =>
      bestEffort(
        'series-id get',
        () => getSeriesIds(cache, keys),
        keys.map(() => undefined),
        options,
      ),
    set: (key: SeriesKey, id: string) =>
      bestEffort('series-id set', () => cache.set(key, id), undefined, options),
  };
}

/** Done markers whose failures mean "not done" (the task then runs again, which is safe). */
export function bestEffortDoneMarkers(markers: DoneMarkers, guard: BestEffortOptions): DoneMarkers {
  const options = reporting(guard);
  return {
    isDone: (taskId) => bestEffort('done-marker get', () => markers.isDone(taskId), false, options),
    markDone: (taskId) => bestEffort('done-marker set', () => markers.markDone(taskId), undefined, options),
  };
}

/** The wrapper's timeout and failure log: the shared one, or its own. */
function reporting(guard: BestEffortOptions): { timeoutMs: number; failures: CacheFailureLog } {
  return { timeoutMs: guard.timeoutMs, failures: guard.failures ?? new CacheFailureLog(guard.logger) };
}
