/** The part of kafkajs's (internal) RequestQueue that the guard reads. */
export interface RequestQueueState {
  pending: unknown[];
  throttledUntil: number;
}

interface RequestQueuePrototype {
  scheduleCheckPendingRequests(this: RequestQueueState): void;
  [GUARDED]?: true;
}

const GUARDED = Symbol.for('latigo.kafkajs.requestQueueIdleGuard');

/** Whether a check of the pending requests has anything to wait for: requests pending, or a throttle in force. */
export function needsPendingCheck(queue: RequestQueueState, now: number): boolean {
  return queue.pending.length > 0 || queue.throttledUntil > now;
}

/**
 * kafkajs 2.2.4 re-arms a timer of `throttledUntil − now` after every check of a connection's
 * pending requests, even when none is pending and nothing throttles it. The delay is then
 * negative, which Node runs after 1 ms (Node 24 says so once: `TimeoutNegativeWarning ... Timeout
 * duration was set to 1`), so every broker connection wakes ~1,000 times a second while idle
 * (kafkajs issue #1751, open upstream). This skips only that timer: with requests pending or a
 * throttle in force the original schedules as before, and a new request is either sent at once or
 * queued with a check of its own. Idempotent; a kafkajs without that method is left alone.
 */
export function guardIdleRequestQueueTimer(requestQueueClass: { prototype: object }): boolean {
  const proto = requestQueueClass.prototype as RequestQueuePrototype;
  const original = proto.scheduleCheckPendingRequests;
  if (typeof original !== 'function') return false;
  if (proto[GUARDED]) return true;
  proto.scheduleCheckPendingRequests = function (this: RequestQueueState) {
    if (Array.isArray(this.pending) && !needsPendingCheck(this, Date.now())) return;
    original.call(this);
  };
  proto[GUARDED] = true;
  return true;
}
