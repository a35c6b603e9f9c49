import { type AppHandle, createAppContext, type LogRecord } from '@latigo/service-runtime';
import { join } from 'node:path';
import type { ExecutorConfig, SchedulerConfig } from '@latigo/config-loader';
import { startExecutor } from '@latigo/executor/composition';
import type { ShutdownResult } from '@latigo/observability';
import { startScheduler, type SchedulerOverrides } from '@latigo/scheduler/composition';
import { MemoryBroker } from '@latigo/task-queue';
import { MemoryTaskStatusStore, taskStatusLimits } from '@latigo/task-status';

type SlotStore = NonNullable<SchedulerOverrides['slotStore']>;

/**
 * The slot record of the run: it starts at `since`, so the scheduler's catch-up enqueues every
 * slot after it (within `catchup_window`), oldest first, as after downtime.
 */
export function slotRecordSince(since: number): SlotStore {
  let last = since;
  return {
    lastDone: async () => last,
    markDone: async (slot) => {
      last = Math.max(last, slot);
    },
  };
}

export interface PipelineOptions {
  scheduler: SchedulerConfig;
  executor: ExecutorConfig;
  executors: number;
  /** The scheduler's catch-up starts after this time (epoch ms). */
  catchUpSince: number;
  logDir: string;
  sink: (record: LogRecord) => void;
  /** The scheduler's HTTP port (`/status`) stays open after it stops, until `closeHealthServer`. */
  keepSchedulerServing?: boolean;
}

/** The scheduler and the executors of the run, each through its composition root. */
export interface Pipeline {
  readonly scheduler: AppHandle<SchedulerConfig>;
  readonly executors: readonly AppHandle<ExecutorConfig>[];
  /** Resolves when any app starts shutting down by itself, with its name. */
  readonly anyStopping: Promise<string>;
  /** Stops the scheduler (a slot being enqueued is finished first). */
  stopScheduler(reason: string): Promise<ShutdownResult>;
  /** Drains the executors (running tasks finish) and closes them; then flushes every log. */
  stopExecutors(reason: string): Promise<ShutdownResult[]>;
}

/**
 * Starts one scheduler and `executors` executors in this process, wired by the apps' own
 * composition roots. With `task_queue.type: memory` they share one in-memory broker, as separate
 * processes share a Kafka topic. Executors start first, so the catch-up finds them consuming.
 */
export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const memory =
    options.scheduler.task_queue.type === 'memory' && options.executor.task_queue.type === 'memory';
  const memoryBroker = memory ? new MemoryBroker() : undefined;
  // One task status for the whole run, so the scheduler's /status sees what the executors record.
  const statusInMemory = [options.scheduler, options.executor].every(
    (c) => (c.task_status.type ?? c.cache.type) === 'memory',
  );
  const taskStatusStore = statusInMemory
    ? new MemoryTaskStatusStore({ limits: taskStatusLimits(options.scheduler) })
    : undefined;
  const shared = {
    ...(memoryBroker ? { memoryBroker } : {}),
    ...(taskStatusStore ? { taskStatusStore } : {}),
  };
  const started: AppHandle<unknown>[] = [];
  const stopAll = async (reason: string) => {
    for (const app of [...started].reverse()) await app.stop(reason);
    await Promise.all(started.map((app) => app.closeHealthServer()));
    await Promise.all(started.map((app) => app.closeLog()));
  };
  try {
    const executors: AppHandle<ExecutorConfig>[] = [];
    for (let i = 1; i <= options.executors; i++) {
      const name = options.executors === 1 ? 'executor' : `executor-${i}`;
      const app = await createAppContext(
        name,
        options.executor,
        join(options.logDir, `${name}.jsonl`),
        options.sink,
      );
      started.push(app);
      await startExecutor(app.ctx, shared);
      executors.push(app);
    }
    const scheduler = await createAppContext(
      'scheduler',
      options.scheduler,
      join(options.logDir, 'scheduler.jsonl'),
      options.sink,
      { keepServing: options.keepSchedulerServing ?? false },
    );
    started.push(scheduler);
    await startScheduler(scheduler.ctx, { slotStore: slotRecordSince(options.catchUpSince), ...shared });
    const all = [scheduler, ...executors];
    return {
      scheduler,
      executors,
      anyStopping: Promise.race(all.map((app) => app.stopping.then(() => app.name))),
      stopScheduler: (reason) => scheduler.stop(reason),
      stopExecutors: async (reason) => {
        const results = await Promise.all(executors.map((app) => app.stop(reason)));
        await Promise.all(all.map((app) => app.closeLog()));
        return results;
      },
    };
  } catch (error) {
    await stopAll('start-up failed');
    throw error;
  }
}
