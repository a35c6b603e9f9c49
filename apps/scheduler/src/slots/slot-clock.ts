import { catchUpSlots, type CatchUp } from './catch-up';
import { SlotClockError } from './errors';
import { createSlotGrid, type SlotGrid } from './slot-grid';
import { isSlot, latestSlotAtOrBefore, latigoNextFire, nextSlotAfter } from './slot-lookup';
import { countSlotsBetween, iterateSlots, slotsBetween } from './slot-range';
import { windowForSlot, type SlotWindow } from './slot-window';

/** The scheduler's timing settings, in milliseconds. */
export interface SlotClockConfig {
  /** `continuous_prediction_start_time`: after midnight UTC, in [0, 24 h). */
  startTimeMs: number;
  /** `continuous_prediction_interval`: in [1 ms, 24 h]. */
  intervalMs: number;
  /** `continuous_prediction_delay`: 0 or more. */
  delayMs: number;
}

/**
 * The slot grid (see `SlotGrid`) and the windows of its slots, as pure functions of their
 * arguments: the clock never reads the time itself, so callers pass `now` and tests need no
 * fake timers. All times are epoch milliseconds, UTC.
 */
export class SlotClock {
  readonly grid: SlotGrid;
  readonly delayMs: number;

  constructor(config: SlotClockConfig) {
    if (!Number.isInteger(config.delayMs) || config.delayMs < 0) {
      throw new SlotClockError('SLOT_CLOCK_INVALID_CONFIG', 'delayMs must be whole ms, 0 or more', {
        delayMs: config.delayMs,
      });
    }
    this.grid = createSlotGrid(config);
    this.delayMs = config.delayMs;
  }

  get intervalMs(): number {
    return this.grid.intervalMs;
  }

  /** The first slot strictly after `now`. */
  nextSlotAfter(now: number): number {
    return nextSlotAfter(this.grid, now);
  }

  /** The original's next fire time from `now` (see `latigoNextFire`). */
  latigoNextFire(now: number): number {
    return latigoNextFire(this.grid, now);
  }

  /** The last slot at or before `now` (`run_at_once`). */
  latestSlotAtOrBefore(now: number): number {
    return latestSlotAtOrBefore(this.grid, now);
  }

  isSlot(t: number): boolean {
    return isSlot(this.grid, t);
  }

  /** The slots in `(afterExclusive, untilInclusive]`, oldest first. */
  slotsBetween(afterExclusive: number, untilInclusive: number): number[] {
    return slotsBetween(this.grid, afterExclusive, untilInclusive);
  }

  /** The same slots as `slotsBetween`, one at a time. */
  iterateSlots(afterExclusive: number, untilInclusive: number): Generator<number> {
    return iterateSlots(this.grid, afterExclusive, untilInclusive);
  }

  /** How many slots `(afterExclusive, untilInclusive]` holds. */
  countSlotsBetween(afterExclusive: number, untilInclusive: number): number {
    return countSlotsBetween(this.grid, afterExclusive, untilInclusive);
  }

  /** Missed slots to enqueue after downtime (see `catchUpSlots`). */
  catchUpSlots(lastDoneSlot: number | undefined, now: number, catchupWindowMs: number): CatchUp {
    return catchUpSlots(this.grid, lastDoneSlot, now, catchupWindowMs);
  }

  /** `{ from: slot − delay, to: from + interval }`; throws for a time that is not a slot. */
  windowForSlot(slot: number): SlotWindow {
    if (!this.isSlot(slot)) {
      throw new SlotClockError('SLOT_CLOCK_NOT_A_SLOT', `${new Date(slot).toISOString()} is not a slot`, {
        slot,
      });
    }
    return windowForSlot({ intervalMs: this.grid.intervalMs, delayMs: this.delayMs }, slot);
  }
}
