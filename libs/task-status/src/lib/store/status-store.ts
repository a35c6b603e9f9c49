import type { TaskStatusEvent } from '../status-report';
import type { SlotExpectation } from '../task-status-ports';

/** One buffered write: a task's state transition, or the scheduler's expectation for a slot. */
export type TaskStatusWrite =
  | { readonly kind: 'event'; readonly event: TaskStatusEvent }
  | { readonly kind: 'expectation'; readonly expectation: SlotExpectation };

/** The batched write side of a store; the recorder calls it off the tasks' path. */
export interface TaskStatusWriter {
  /** Writes the batch (one round trip for Redis). Rejects when nothing or only part was written. */
  write(batch: readonly TaskStatusWrite[]): Promise<void>;
}

/** What a store keeps, and what counts as stale. */
export interface TaskStatusLimits {
  /** Slots whose time is older than now − retention are dropped (and Redis keys expire after it). */
  readonly retentionMs: number;
  /** Newest slots kept. */
  readonly maxSlots: number;
  /** Newest tasks kept in a model's history. */
  readonly maxTasksPerModel: number;
  /** A model whose newest stored window ended longer ago than this is stale. */
  readonly freshnessLimitMs: number;
}

export const DEFAULT_LIMITS: TaskStatusLimits = {
  retentionMs: 7 * 24 * 3600_000,
  maxSlots: 336,
  maxTasksPerModel: 100,
  freshnessLimitMs: 75 * 60_000,
};

/** Reasons are kept bounded: the status is for people, the dead-letter topic has the full text. */
export const MAX_REASON_LENGTH = 500;

export function boundReason(reason: string | undefined): string | undefined {
  if (reason === undefined) return undefined;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

/** The slot of an event: the end of its window, as epoch milliseconds. */
export function slotOf(event: Pick<TaskStatusEvent, 'to'>): number {
  return Date.parse(event.to);
}

/** The form both stores return: ISO times from `Date#toISOString`, a bounded reason, no empty fields. */
export function canonicalStatus(event: TaskStatusEvent): TaskStatusEvent {
  const reason = boundReason(event.reason);
  return {
    taskId: event.taskId,
    project: event.project,
    model: event.model,
    from: new Date(event.from).toISOString(),
    to: new Date(event.to).toISOString(),
    state: event.state,
    at: new Date(event.at).toISOString(),
    attempt: event.attempt,
    ...(event.durationMs !== undefined ? { durationMs: event.durationMs } : {}),
    ...(event.code !== undefined ? { code: event.code } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** Whether an event can be stored: parsable times (a bad one is dropped, not a reason to fail a batch). */
export function isStorable(event: TaskStatusEvent): boolean {
  return [event.from, event.to, event.at].every((t) => Number.isFinite(Date.parse(t)));
}
