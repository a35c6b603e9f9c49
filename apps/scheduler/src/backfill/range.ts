import type { SlotClock } from '../slots';
import { BackfillError } from './errors';

const ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A `--from`/`--to` time: ISO 8601, read as UTC when it names no zone (Latigo's times are all
 * UTC), e.g. `2026-03-01`, `2026-03-01T06:00`, `2026-03-01T06:00:00+01:00`.
 */
export function parseTime(text: string, flag: string): number {
  const trimmed = text.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const withZone = dateOnly || ZONE.test(trimmed) ? trimmed : `${trimmed}Z`;
  const time = /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? Date.parse(withZone) : NaN;
  if (!Number.isFinite(time)) {
    throw new BackfillError(
      'BACKFILL_INVALID_ARGUMENT',
      `${flag} ${JSON.stringify(text)} is not an ISO 8601 time (e.g. 2026-03-01T06:00Z)`,
    );
  }
  return time;
}

/** The slots a backfill enqueues. */
export interface BackfillSlots {
  /** Oldest first. */
  slots: number[];
  /** Slots of the range that are still in the future, left out. */
  future: number;
}

/**
 * The slots whose prediction windows `[slot − delay, slot − delay + interval)` overlap the data
 * range `[from, to)`, so the range is covered whole. Slots after `now` are left out: the
 * scheduler enqueues them when they come.
 */
export function backfillSlots(clock: SlotClock, from: number, to: number, now: number): BackfillSlots {
  if (!(from < to)) {
    throw new BackfillError(
      'BACKFILL_INVALID_ARGUMENT',
      `--from (${new Date(from).toISOString()}) must be before --to (${new Date(to).toISOString()})`,
    );
  }
  // A window overlaps [from, to) when slot − delay < to and slot − delay + interval > from.
  const after = from + clock.delayMs - clock.intervalMs;
  const until = to + clock.delayMs - 1;
  const last = Math.min(until, now);
  return {
    slots: last > after ? clock.slotsBetween(after, last) : [],
    future: clock.countSlotsBetween(Math.max(after, now), until),
  };
}
