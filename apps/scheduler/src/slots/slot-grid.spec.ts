import { SlotClockError } from './errors';
import { createSlotGrid } from './slot-grid';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('createSlotGrid', () => {
  it.each([
    [8 * HOUR, 30 * MINUTE, 0, 23 * HOUR + 30 * MINUTE, 48],
    [8 * HOUR, 7 * HOUR, 5 * HOUR, 22 * HOUR, 4],
    [0, 7 * HOUR, 4 * HOUR, 21 * HOUR, 4],
    [4 * HOUR, 5 * HOUR, 0, 19 * HOUR, 5],
    [8 * HOUR, 13 * HOUR, 10 * HOUR, 21 * HOUR, 2],
    [8 * HOUR, DAY, 8 * HOUR, 8 * HOUR, 1],
  ])(
    'S=%p, I=%p: each day runs from %p to %p with %p slots',
    (startTimeMs, intervalMs, first, last, count) => {
      expect(createSlotGrid({ startTimeMs, intervalMs })).toEqual({
        startTimeMs,
        intervalMs,
        firstSlotOfDayMs: first,
        lastSlotOfDayMs: last,
        slotsPerDay: count,
      });
    },
  );

  it.each([
    [-1, HOUR],
    [DAY, HOUR],
    [0.5, HOUR],
    [0, 0],
    [0, DAY + 1],
    [0, 1.5],
    [0, Number.NaN],
  ])('rejects start %p with interval %p', (startTimeMs, intervalMs) => {
    expect(() => createSlotGrid({ startTimeMs, intervalMs })).toThrow(
      expect.objectContaining({ code: 'SLOT_CLOCK_INVALID_CONFIG' }) as SlotClockError,
    );
  });
});
