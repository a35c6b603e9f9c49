import { SlotClock } from '../slots';
import { backfillSlots, parseTime } from './range';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const clock = new SlotClock({ startTimeMs: 8 * HOUR, intervalMs: 30 * MINUTE, delayMs: 3 * HOUR });
const NOW = Date.parse('2026-03-10T12:00:00Z');
const windows = (from: string, to: string, now = NOW) => {
  const result = backfillSlots(clock, parseTime(from, '--from'), parseTime(to, '--to'), now);
  return {
    windows: result.slots.map((s) => new Date(s - clock.delayMs).toISOString().slice(11, 16)),
    future: result.future,
  };
};

describe('parseTime', () => {
  it('reads ISO 8601 and takes a time without a zone as UTC', () => {
    expect(parseTime('2026-03-01', '--from')).toBe(Date.parse('2026-03-01T00:00:00Z'));
    expect(parseTime('2026-03-01T06:00', '--from')).toBe(Date.parse('2026-03-01T06:00:00Z'));
    expect(parseTime('2026-03-01T06:00:00+01:00', '--from')).toBe(Date.parse('2026-03-01T05:00:00Z'));
  });

  it('rejects anything else with the flag in the message', () => {
    expect(() => parseTime('yesterday', '--from')).toThrow('--from "yesterday" is not an ISO 8601 time');
    expect(() => parseTime('1773136800', '--to')).toThrow(
      expect.objectContaining({ code: 'BACKFILL_INVALID_ARGUMENT' }),
    );
  });
});

describe('backfillSlots', () => {
  it('covers the data range with the windows that overlap it, and no others', () => {
    expect(windows('2026-03-10T06:00Z', '2026-03-10T07:30Z')).toEqual({
      windows: ['06:00', '06:30', '07:00'],
      future: 0,
    });
    expect(windows('2026-03-10T06:10Z', '2026-03-10T07:00:01Z')).toEqual({
      windows: ['06:00', '06:30', '07:00'],
      future: 0,
    });
  });

  it('counts a whole day as 48 windows at 30m', () => {
    const result = backfillSlots(
      clock,
      parseTime('2026-03-08', '--from'),
      parseTime('2026-03-09', '--to'),
      NOW,
    );
    expect(result.slots).toHaveLength(48);
  });

  it('leaves out the slots that are still to come', () => {
    // At 12:00 the latest slot predicts [09:00, 09:30).
    expect(windows('2026-03-10T08:00Z', '2026-03-10T11:00Z')).toEqual({
      windows: ['08:00', '08:30', '09:00'],
      future: 3,
    });
  });

  it('rejects an empty or reversed range', () => {
    expect(() => windows('2026-03-10T08:00Z', '2026-03-10T08:00Z')).toThrow('must be before --to');
  });
});
