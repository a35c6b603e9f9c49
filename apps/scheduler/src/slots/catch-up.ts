import { SlotClockError } from './errors';
import type { SlotGrid } from './slot-grid';
import { countSlotsBetween, slotsBetween } from './slot-range';

/** The slots to enqueue after downtime, and how many older missed slots the window left out. */
export interface CatchUp {
  /** Missed slots within the window, oldest first; a slot exactly at `now` is included. */
  slots: number[];
  /** Missed slots older than the window, to log; they are not enqueued. */
  skipped: number;
}

/**
 * The slots after `lastDoneSlot` up to and including `now` that fall within the last
 * `catchupWindowMs` (`now − window < slot ≤ now`). A window of 0 disables catch-up: every missed
 * slot is `skipped`. Without a `lastDoneSlot` (first start) nothing was missed. A `now` before
 * `lastDoneSlot` (the clock went back) misses nothing.
 */
export function catchUpSlots(
  grid: SlotGrid,
  lastDoneSlot: number | undefined,
  now: number,
  catchupWindowMs: number,
): CatchUp {
  if (!Number.isFinite(catchupWindowMs) || catchupWindowMs < 0) {
    throw new SlotClockError('SLOT_CLOCK_INVALID_CONFIG', 'catchupWindowMs must be 0 or more', {
      catchupWindowMs,
    });
  }
  if (lastDoneSlot === undefined) return { slots: [], skipped: 0 };
  const windowStart = now - catchupWindowMs;
  return {
    slots: slotsBetween(grid, Math.max(lastDoneSlot, windowStart), now),
    skipped: countSlotsBetween(grid, lastDoneSlot, windowStart),
  };
}
