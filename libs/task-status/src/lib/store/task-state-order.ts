import type { TaskState, TaskStatusEvent } from '../status-report';

/**
 * How far along a state is. The latest state of a task is the maximum of its events under
 * (rank, at, attempt): a maximum does not depend on the order events arrive in nor on duplicates,
 * so at-least-once delivery and late events cannot regress a final state. Among final states a
 * success wins (a redelivered task is skipped as already done; a replayed dead letter may succeed).
 * The Redis script mirrors this table.
 */
export const STATE_RANK: Readonly<Record<TaskState, number>> = {
  enqueued: 0,
  running: 1,
  retrying: 1,
  dead_lettered: 2,
  skipped: 3,
  succeeded: 4,
};

/** Whether no further event is expected for a task in this state. */
export function isFinal(state: TaskState): boolean {
  return state === 'succeeded' || state === 'skipped' || state === 'dead_lettered';
}

/** The order key of an event: compare with {@link supersedes}. */
export interface OrderKey {
  readonly state: TaskState;
  readonly atMs: number;
  readonly attempt: number;
}

/** Whether `next` replaces `current` as a task's latest state (strictly greater: a duplicate does not). */
export function supersedes(next: OrderKey, current: OrderKey): boolean {
  const a = STATE_RANK[next.state];
  const b = STATE_RANK[current.state];
  if (a !== b) return a > b;
  if (next.atMs !== current.atMs) return next.atMs > current.atMs;
  return next.attempt > current.attempt;
}

export function orderKeyOf(event: TaskStatusEvent): OrderKey {
  return { state: event.state, atMs: Date.parse(event.at), attempt: event.attempt };
}
