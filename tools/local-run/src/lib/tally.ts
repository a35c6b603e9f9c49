import { metricSum } from '@latigo/observability';
import type { Registry } from 'prom-client';

/** Where the run's tasks are, from the apps' own counters. */
export interface TallySnapshot {
  /** Tasks the broker acknowledged to the scheduler. */
  enqueued: number;
  /** Fetched by an executor and not finished. */
  running: number;
  succeeded: number;
  skipped: number;
  deadLettered: number;
  /** Attempts that failed and were tried again (not an outcome). */
  retried: number;
  /** Given up at shutdown, to be delivered again (not an outcome). */
  abandoned: number;
}

export const EMPTY_TALLY: TallySnapshot = {
  enqueued: 0,
  running: 0,
  succeeded: 0,
  skipped: 0,
  deadLettered: 0,
  retried: 0,
  abandoned: 0,
};

/** Tasks with an outcome: succeeded, skipped or dead-lettered. */
export function finished(t: TallySnapshot): number {
  return t.succeeded + t.skipped + t.deadLettered;
}

/** Every enqueued task has an outcome and nothing is running. */
export function accountedFor(t: TallySnapshot): boolean {
  return t.enqueued > 0 && finished(t) === t.enqueued && t.running === 0;
}

/**
 * Reads the tally from the scheduler's registry (`latigo_task_queue_enqueued_tasks_total`) and
 * the executors' (`latigo_task_queue_tasks_total{outcome}`, `latigo_task_queue_tasks_in_flight`),
 * the series an operator would watch, summed over the executors.
 */
export class Tally {
  constructor(
    private readonly scheduler: Registry,
    private readonly executors: readonly Registry[],
  ) {}

  async snapshot(): Promise<TallySnapshot> {
    const outcome = (name: string) =>
      this.sum(this.executors, 'latigo_task_queue_tasks_total', { outcome: name });
    const [enqueued, running, succeeded, skipped, deadLettered, retried, abandoned] = await Promise.all([
      this.sum([this.scheduler], 'latigo_task_queue_enqueued_tasks_total'),
      this.sum(this.executors, 'latigo_task_queue_tasks_in_flight'),
      outcome('succeeded'),
      outcome('skipped'),
      outcome('dead_lettered'),
      outcome('retried'),
      outcome('abandoned'),
    ]);
    return { enqueued, running, succeeded, skipped, deadLettered, retried, abandoned };
  }

  private async sum(
    registries: readonly Registry[],
    name: string,
    labels: Record<string, string> = {},
  ): Promise<number> {
    let total = 0;
    for (const registry of registries) total += await metricSum(registry, name, labels);
    return total;
  }
}
