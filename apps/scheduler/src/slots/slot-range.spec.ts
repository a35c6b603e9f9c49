import { createSlotGrid } from './slot-grid';
import { countSlotsBetween, iterateSlots, slotsBetween } from './slot-range';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const utc = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);
const show = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

const defaults = createSlotGrid({ startTimeMs: 8 * HOUR, intervalMs: 30 * MINUTE });
const sevenHours = createSlotGrid({ startTimeMs: 8 * HOUR, intervalMs: 7 * HOUR });

describe('slotsBetween', () => {
  it('lists a 30-day backfill at 30m as 1440 slots, 30 minutes apart, oldest first', () => {
    const slots = slotsBetween(defaults, utc('2020-03-01 00:00:00'), utc('2020-03-31 00:00:00'));
    expect(slots).toHaveLength(1440);
    expect(show(slots[0] ?? 0)).toBe('2020-03-01 00:30:00');
    expect(show(slots[slots.length - 1] ?? 0)).toBe('2020-03-31 00:00:00');
    expect(slots.every((slot, i) => i === 0 || slot - (slots[i - 1] ?? 0) === 30 * MINUTE)).toBe(true);
  });

  it('excludes the start of the range and includes its end', () => {
    expect(slotsBetween(defaults, utc('2020-04-10 08:00:00'), utc('2020-04-10 09:00:00')).map(show)).toEqual([
      '2020-04-10 08:30:00',
      '2020-04-10 09:00:00',
    ]);
    expect(
      slotsBetween(defaults, utc('2020-04-10 08:00:00') - 1, utc('2020-04-10 08:30:00') - 1).map(show),
    ).toEqual(['2020-04-10 08:00:00']);
  });

  it('is empty for an empty, slot-free or reversed range', () => {
    expect(slotsBetween(defaults, utc('2020-04-10 08:00:00'), utc('2020-04-10 08:00:00'))).toEqual([]);
    expect(slotsBetween(defaults, utc('2020-04-10 08:00:00'), utc('2020-04-10 08:29:59'))).toEqual([]);
    expect(slotsBetween(defaults, utc('2020-04-10 12:00:00'), utc('2020-04-10 08:00:00'))).toEqual([]);
  });

  it('restarts the grid at each UTC day across day boundaries (S=08:00, I=7h)', () => {
    expect(
      slotsBetween(sevenHours, utc('2020-04-10 16:00:00'), utc('2020-04-12 06:00:00')).map(show),
    ).toEqual([
      '2020-04-10 22:00:00',
      '2020-04-11 05:00:00',
      '2020-04-11 08:00:00',
      '2020-04-11 15:00:00',
      '2020-04-11 22:00:00',
      '2020-04-12 05:00:00',
    ]);
  });

  it('iterates a century lazily, one slot at a time', () => {
    const slots = iterateSlots(defaults, utc('2000-01-01 00:00:00'), utc('2100-01-01 00:00:00'));
    expect([slots.next().value, slots.next().value].map((s) => show(s as number))).toEqual([
      '2000-01-01 00:30:00',
      '2000-01-01 01:00:00',
    ]);
  });

  it('rejects a time that is not finite where the call is made', () => {
    expect(() => iterateSlots(defaults, Number.NaN, 0)).toThrow(
      expect.objectContaining({ code: 'SLOT_CLOCK_INVALID_TIME' }),
    );
  });
});

describe('countSlotsBetween', () => {
  it('counts a year at 30m without listing it', () => {
    expect(countSlotsBetween(defaults, utc('2019-01-01 00:00:00'), utc('2020-01-01 00:00:00'))).toBe(
      365 * 48,
    );
  });

  it('matches slotsBetween for ranges within a day, across days, around midnight and before 1970', () => {
    const grids = [
      defaults,
      sevenHours,
      createSlotGrid({ startTimeMs: 0, intervalMs: 7 * HOUR }),
      createSlotGrid({ startTimeMs: 4 * HOUR, intervalMs: 5 * HOUR }),
      createSlotGrid({ startTimeMs: 23 * HOUR + 59 * MINUTE, intervalMs: 25 * MINUTE }),
      createSlotGrid({ startTimeMs: 8 * HOUR, intervalMs: DAY }),
    ];
    const starts = [utc('2020-04-10 00:00:00'), utc('2020-04-10 07:59:59'), utc('1969-12-30 21:00:00')];
    const lengths = [0, 1, 5 * HOUR, DAY - 1, DAY, 2 * DAY + 3 * HOUR + 17, 9 * DAY];
    for (const g of grids) {
      for (const start of starts) {
        for (const length of lengths) {
          expect(countSlotsBetween(g, start, start + length)).toBe(
            slotsBetween(g, start, start + length).length,
          );
        }
      }
    }
  });

  it('is 0 for a reversed range', () => {
    expect(countSlotsBetween(defaults, utc('2020-04-11 00:00:00'), utc('2020-04-10 00:00:00'))).toBe(0);
  });
});
