import { DAY_MS } from './day';
import { SlotClockError } from './errors';

/** Where the grid is anchored and how far apart its slots are. */
export interface SlotGridConfig {
  /** Milliseconds after midnight UTC (`continuous_prediction_start_time`), 0 ≤ S < 24 h. */
  startTimeMs: number;
  /** Milliseconds between slots (`continuous_prediction_interval`), 1 ms ≤ I ≤ 24 h. */
  intervalMs: number;
}

/**
 * The slots the original fires on when it runs without stopping. Each UTC day d has the grid
 * `d + S + k·I` (k any integer), anchored at S and extending backwards. Waking on the last slot
 * of a day, the original's timer takes the next point of that day's grid, which falls after
 * midnight: that carry-over is the day's first slot, and the day's own grid follows from there.
 * When I divides 24 h the carry-over is on the day's grid, and the slots are simply `S + k·I`.
 *
 * Example, S = 08:00, I = 7 h: every day 05:00 (carried over from 22:00 + 7 h), 08:00, 15:00, 22:00.
 * Every day has the same slot times; none depend on when the scheduler started.
 */
export interface SlotGrid extends Readonly<SlotGridConfig> {
  /** Time of day of each day's first slot (the carry-over), 0 ≤ c < I. */
  readonly firstSlotOfDayMs: number;
  /** Time of day of each day's last slot. */
  readonly lastSlotOfDayMs: number;
  readonly slotsPerDay: number;
}

/** Validates a grid and works out its daily pattern. */
export function createSlotGrid(config: SlotGridConfig): SlotGrid {
  const { startTimeMs: s, intervalMs: i } = config;
  if (!Number.isInteger(s) || s < 0 || s >= DAY_MS) {
    throw new SlotClockError('SLOT_CLOCK_INVALID_CONFIG', 'startTimeMs must be whole ms in [0, 24 h)', {
      startTimeMs: s,
    });
  }
  // Beyond a day the original's "restart daily" has no stable meaning: which days fire would
  // depend on when the scheduler started.
  if (!Number.isInteger(i) || i < 1 || i > DAY_MS) {
    throw new SlotClockError('SLOT_CLOCK_INVALID_CONFIG', 'intervalMs must be whole ms in [1 ms, 24 h]', {
      intervalMs: i,
    });
  }
  const first = s + Math.ceil((DAY_MS - s) / i) * i - DAY_MS;
  const last = first + DAY_MS - i;
  const grid = {
    startTimeMs: s,
    intervalMs: i,
    firstSlotOfDayMs: first,
    lastSlotOfDayMs: last,
    slotsPerDay: 0,
  };
  return Object.freeze({ ...grid, slotsPerDay: slotsOfDayAtOrBefore(grid, last) });
}

/** How many of a day's slots fall at or before time of day `tod` (0 ≤ tod < 24 h). */
export function slotsOfDayAtOrBefore(grid: SlotGrid, tod: number): number {
  const { startTimeMs: s, intervalMs: i, firstSlotOfDayMs: first } = grid;
  if (tod < first) return 0;
  // The carry-over, then the day's grid points after it.
  return 1 + Math.floor((tod - s) / i) - Math.floor((first - s) / i);
}
