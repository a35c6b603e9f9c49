import type { SlotClock } from '../slots';

export interface SlotPlanInput {
  /** The last slot whose tasks were all acknowledged (from the slot store); none on a first start. */
  lastDone: number | undefined;
  now: number;
  /**
   * Slots after this time came due while this process was watching. The start time, or just
   * before the latest slot with `run_at_once`.
   */
  watchingSince: number;
  catchupWindowMs: number;
}

/** What to enqueue now, oldest first, and how many missed slots are left out. */
export interface SlotPlan {
  due: number[];
  /** Missed slots older than the catch-up window (never enqueued; logged). */
  skipped: number;
}

/**
 * The slots to enqueue at `now`, oldest first: those not done yet (after `lastDone`, or, with no
 * record, after `watchingSince`) within the catch-up window, and always the latest slot at or
 * before `now` if it came due while watching and is not done. So a running scheduler enqueues
 * each slot as it comes; after downtime, a failure or a takeover it first enqueues what was
 * missed within the window (nothing with a window of 0); on a first start it waits for the next
 * slot.
 */
export function planSlots(clock: SlotClock, input: SlotPlanInput): SlotPlan {
  const { lastDone, now, watchingSince, catchupWindowMs } = input;
  const after = lastDone ?? watchingSince;
  const missed = clock.catchUpSlots(after, now, catchupWindowMs);
  const due = [...missed.slots];
  let skipped = missed.skipped;
  const current = clock.latestSlotAtOrBefore(now);
  if (current > after && current > watchingSince && !due.includes(current)) {
    due.push(current);
    // Older than the window, it was counted among the skipped ones.
    skipped -= 1;
  }
  return { due, skipped };
}
