import { DAY_MS, utcMidnight } from './day';
import { assertTime } from './errors';
import type { SlotGrid } from './slot-grid';

/**
 * The original's `OnTheClockTimer` formula, exactly:
 * `midnightUTC(now) + S + (floor((tod(now) − S) / I) + 1) · I`, strictly after `now`, on the grid
 * of `now`'s UTC day. Iterated from a slot it yields exactly the slots (see `SlotGrid`). From a
 * cold start between midnight and the day's carry-over slot it skips that slot (S = 08:00,
 * I = 7 h: 02:00 → 08:00, not 05:00); `nextSlotAfter` does not.
 */
export function latigoNextFire(grid: SlotGrid, now: number): number {
  assertTime('now', now);
  const { startTimeMs: s, intervalMs: i } = grid;
  const midnight = utcMidnight(now);
  return midnight + s + (Math.floor((now - midnight - s) / i) + 1) * i;
}

/** The first slot strictly after `now`: what the scheduler sleeps until. */
export function nextSlotAfter(grid: SlotGrid, now: number): number {
  assertTime('now', now);
  const midnight = utcMidnight(now);
  if (now - midnight < grid.firstSlotOfDayMs) return midnight + grid.firstSlotOfDayMs;
  const { startTimeMs: s, intervalMs: i } = grid;
  const next = s + (Math.floor((now - midnight - s) / i) + 1) * i;
  return next <= grid.lastSlotOfDayMs ? midnight + next : midnight + DAY_MS + grid.firstSlotOfDayMs;
}

/** The last slot at or before `now`: what `run_at_once` enqueues. */
export function latestSlotAtOrBefore(grid: SlotGrid, now: number): number {
  assertTime('now', now);
  const midnight = utcMidnight(now);
  const tod = now - midnight;
  if (tod < grid.firstSlotOfDayMs) return midnight - DAY_MS + grid.lastSlotOfDayMs;
  const { startTimeMs: s, intervalMs: i } = grid;
  return midnight + Math.max(grid.firstSlotOfDayMs, s + Math.floor((tod - s) / i) * i);
}

/** Whether `t` is exactly a slot. */
export function isSlot(grid: SlotGrid, t: number): boolean {
  return latestSlotAtOrBefore(grid, t) === t;
}
