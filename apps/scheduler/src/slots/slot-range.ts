import { DAY_MS, utcMidnight } from './day';
import { assertTime } from './errors';
import { slotsOfDayAtOrBefore, type SlotGrid } from './slot-grid';
import { nextSlotAfter } from './slot-lookup';

/**
 * The slots in `(afterExclusive, untilInclusive]`, oldest first, one at a time (for long
 * backfills). Empty when the range is empty or reversed.
 */
export function iterateSlots(
  grid: SlotGrid,
  afterExclusive: number,
  untilInclusive: number,
): Generator<number> {
  // Checked here, not in the generator, so a bad call fails where it is made.
  assertTime('afterExclusive', afterExclusive);
  assertTime('untilInclusive', untilInclusive);
  return generate(grid, afterExclusive, untilInclusive);
}

function* generate(grid: SlotGrid, afterExclusive: number, untilInclusive: number): Generator<number> {
  for (
    let slot = nextSlotAfter(grid, afterExclusive);
    slot <= untilInclusive;
    slot = nextSlotAfter(grid, slot)
  ) {
    yield slot;
  }
}

/** The slots in `(afterExclusive, untilInclusive]`, oldest first; empty when the range is empty or reversed. */
export function slotsBetween(grid: SlotGrid, afterExclusive: number, untilInclusive: number): number[] {
  return Array.from(iterateSlots(grid, afterExclusive, untilInclusive));
}

/**
 * How many slots `(afterExclusive, untilInclusive]` holds, computed rather than listed (progress
 * bars, skipped counts); 0 when the range is empty or reversed.
 */
export function countSlotsBetween(grid: SlotGrid, afterExclusive: number, untilInclusive: number): number {
  assertTime('afterExclusive', afterExclusive);
  assertTime('untilInclusive', untilInclusive);
  return Math.max(0, slotsAtOrBefore(grid, untilInclusive) - slotsAtOrBefore(grid, afterExclusive));
}

// Slots in [epoch, t], negative before it: only differences matter.
function slotsAtOrBefore(grid: SlotGrid, t: number): number {
  const midnight = utcMidnight(t);
  return (midnight / DAY_MS) * grid.slotsPerDay + slotsOfDayAtOrBefore(grid, t - midnight);
}
