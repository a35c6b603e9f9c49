/**
 * The read model of task status: what `latigo status`, the scheduler's `/status` page and its
 * JSON endpoints show. Times are ISO 8601 strings so the same shape travels as JSON.
 */

/** A task's states, in the order they usually happen. */
export type TaskState = 'enqueued' | 'running' | 'retrying' | 'succeeded' | 'skipped' | 'dead_lettered';

/** One state transition of one task, as recorded by the scheduler or an executor. */
export interface TaskStatusEvent {
  /** The task id `project/model/<from ISO>/<to ISO>`. */
  readonly taskId: string;
  readonly project: string;
  readonly model: string;
  /** The task's data window. */
  readonly from: string;
  readonly to: string;
  readonly state: TaskState;
  /** When the transition happened. */
  readonly at: string;
  /** 1-based handler attempt (0 for `enqueued`). */
  readonly attempt: number;
  /** How long the attempt ran (succeeded, skipped, retrying, dead_lettered). */
  readonly durationMs?: number;
  /** Stable error or skip code, e.g. `EXECUTOR_NO_DATA`, `GORDO_REVISION_GONE`. */
  readonly code?: string;
  /** Human-readable reason (skips, retries, dead letters). */
  readonly reason?: string;
}

/** The latest state of one task. */
export type TaskStatus = TaskStatusEvent;

/** Outcome counts of one slot for one project. */
export interface SlotProjectSummary {
  /** The slot: end of the tasks' data window (ISO). */
  readonly slot: string;
  readonly project: string;
  /** Models the scheduler discovered for this project in this slot. */
  readonly expected: number;
  readonly enqueued: number;
  readonly succeeded: number;
  readonly skipped: number;
  /** Dead-lettered. */
  readonly failed: number;
  /** Enqueued, running or retrying: no outcome yet. */
  readonly inFlight: number;
  /** Seconds from the slot to the last outcome (or to now while tasks are in flight). */
  readonly lagSeconds: number;
}

/** A model whose newest stored prediction window is older than the freshness limit. */
export interface StaleModel {
  readonly project: string;
  readonly model: string;
  /** End of the newest window stored (ISO), absent if none in the retention. */
  readonly lastSucceededTo?: string;
  /** now − lastSucceededTo, absent if none. */
  readonly freshnessSeconds?: number;
  /** The latest task of the model, which says why (skipped with reason, dead-lettered, in flight…). */
  readonly latest?: TaskStatus;
}

/** How old a model's newest stored prediction is (the `latigo_prediction_freshness_seconds` gauge). */
export interface ModelFreshness {
  readonly project: string;
  readonly model: string;
  /** End of the newest window stored (ISO), absent if none in the retention. */
  readonly lastSucceededTo?: string;
  /** now − lastSucceededTo, absent if none. */
  readonly freshnessSeconds?: number;
}

/** What the status page and `latigo status` show. */
export interface StatusReport {
  readonly generatedAt: string;
  /** Freshness limit used for `stale` (interval + delay + grace), in seconds. */
  readonly freshnessLimitSeconds: number;
  /** Newest slots first, one row per slot × project. */
  readonly slots: readonly SlotProjectSummary[];
  readonly stale: readonly StaleModel[];
  /** Dead-lettered tasks of the reported slots, newest first. */
  readonly deadLetters: readonly TaskStatus[];
  /** Every model of each project's newest reported slot, stale or not (absent from older producers). */
  readonly freshness?: readonly ModelFreshness[];
}

/** A model's recent tasks (`latigo status --model P/M`), newest first. */
export interface ModelHistory {
  readonly project: string;
  readonly model: string;
  readonly tasks: readonly TaskStatus[];
}
