import { catchUpSlots } from './catch-up';
import { createSlotGrid } from './slot-grid';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const utc = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);
const show = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

const grid = createSlotGrid({ startTimeMs: 8 * HOUR, intervalMs: 30 * MINUTE });
const catchUp = (lastDone: string | undefined, now: string, windowMs: number) => {
  const result = catchUpSlots(grid, lastDone === undefined ? undefined : utc(lastDone), utc(now), windowMs);
  return { slots: result.slots.map(show), skipped: result.skipped };
};

describe('catchUpSlots', () => {
  it('returns exactly the slots missed while stopped, oldest first', () => {
    expect(catchUp('2020-04-10 10:00:00', '2020-04-10 12:10:00', 6 * HOUR)).toEqual({
      slots: ['2020-04-10 10:30:00', '2020-04-10 11:00:00', '2020-04-10 11:30:00', '2020-04-10 12:00:00'],
      skipped: 0,
    });
  });

  it('includes a slot exactly at now, so the next sleep (strictly after now) loses nothing', () => {
    expect(catchUp('2020-04-10 10:00:00', '2020-04-10 11:00:00', 6 * HOUR).slots).toEqual([
      '2020-04-10 10:30:00',
      '2020-04-10 11:00:00',
    ]);
  });

  it('misses nothing when restarted before the next slot', () => {
    expect(catchUp('2020-04-10 10:00:00', '2020-04-10 10:29:59', 6 * HOUR)).toEqual({
      slots: [],
      skipped: 0,
    });
  });

  it('keeps only the slots within the window and counts the older ones as skipped', () => {
    const result = catchUp('2020-04-09 12:00:00', '2020-04-10 14:00:00', 6 * HOUR);
    expect(result.slots).toHaveLength(12);
    expect(result.slots[0]).toBe('2020-04-10 08:30:00'); // 08:00 is exactly 6 h old: outside
    expect(result.slots[11]).toBe('2020-04-10 14:00:00');
    expect(result.skipped).toBe(40); // (2020-04-09 12:00, 2020-04-10 08:00]
  });

  it('enqueues nothing with a window of 0 and reports every missed slot as skipped', () => {
    expect(catchUp('2020-04-10 10:00:00', '2020-04-10 12:10:00', 0)).toEqual({ slots: [], skipped: 4 });
  });

  it('has nothing to catch up on a first start (no slot done yet)', () => {
    expect(catchUp(undefined, '2020-04-10 12:10:00', 6 * HOUR)).toEqual({ slots: [], skipped: 0 });
  });

  it('misses nothing when the clock went back before the last done slot', () => {
    expect(catchUp('2020-04-10 12:00:00', '2020-04-10 09:00:00', 6 * HOUR)).toEqual({
      slots: [],
      skipped: 0,
    });
  });

  it('after the clock jumps forward by days, enqueues the window and skips the rest', () => {
    expect(catchUp('2020-04-10 12:00:00', '2020-04-13 12:00:00', HOUR)).toEqual({
      slots: ['2020-04-13 11:30:00', '2020-04-13 12:00:00'],
      skipped: 3 * 48 - 2,
    });
  });

  it('rejects a negative window', () => {
    expect(() => catchUp('2020-04-10 12:00:00', '2020-04-10 13:00:00', -1)).toThrow(
      expect.objectContaining({ code: 'SLOT_CLOCK_INVALID_CONFIG' }),
    );
  });
});
