import { AsyncLocalStorage } from 'node:async_hooks';
import type { Dispatcher } from 'undici';
import type { ExecutorMetrics } from './executor-metrics';

/** Requests per upstream made inside one {@link UpstreamCalls.track} call. */
export type CallCounts = Map<string, number>;

/**
 * Counts the HTTP requests each upstream receives, in total and per task. An undici interceptor
 * on each upstream's dispatcher sees every request (retries included); the task it belongs to is
 * found through AsyncLocalStorage, since one dispatcher serves every task of the process.
 */
export class UpstreamCalls {
  private readonly current = new AsyncLocalStorage<CallCounts>();

  constructor(private readonly metrics?: ExecutorMetrics) {}

  /** An interceptor for `dispatcher.compose(…)` that counts the requests to `upstream`. */
  interceptor(upstream: string): Dispatcher.DispatcherComposeInterceptor {
    return (dispatch) => (options, handler) => {
      this.metrics?.upstreamRequests.inc({ upstream });
      const counts = this.current.getStore();
      if (counts) counts.set(upstream, (counts.get(upstream) ?? 0) + 1);
      return dispatch(options, handler);
    };
  }

  /** Runs `work`, counting the requests it makes; `onDone` gets the counts however it ends. */
  async track<T>(work: () => Promise<T>, onDone?: (counts: CallCounts) => void): Promise<T> {
    const counts: CallCounts = new Map();
    try {
      return await this.current.run(counts, work);
    } finally {
      onDone?.(counts);
    }
  }
}
