import { createSlotGrid } from './slot-grid';
import { isSlot, latestSlotAtOrBefore, latigoNextFire, nextSlotAfter } from './slot-lookup';
import { slotsBetween } from './slot-range';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** '2020-04-10 03:10:00' (UTC) → epoch ms. */
const utc = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);
/** epoch ms → '2020-04-10 03:10:00' (UTC). */
const show = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

const grid = (start: string, intervalMs: number) => {
  const [h = 0, m = 0] = start.split(':').map(Number);
  return createSlotGrid({ startTimeMs: h * HOUR + m * MINUTE, intervalMs });
};

describe("latigoNextFire: the original's timer formula", () => {
  it.each([
    ['08:00', 30 * MINUTE, '2020-04-10 03:10:00', '2020-04-10 03:30:00'],
    ['08:00', 30 * MINUTE, '2020-04-10 07:59:59', '2020-04-10 08:00:00'],
    ['08:00', 15 * MINUTE, '2020-04-10 08:05:00', '2020-04-10 08:15:00'], // test_clock
    ['08:00', 7 * HOUR, '2020-04-10 23:00:00', '2020-04-11 05:00:00'],
    ['08:00', 7 * HOUR, '2020-04-11 02:00:00', '2020-04-11 08:00:00'],
    ['08:00', DAY, '2020-04-10 09:00:00', '2020-04-11 08:00:00'],
  ])('S=%s, I=%p ms: %s → %s (latigo.md §1.3)', (start, interval, now, next) => {
    expect(show(latigoNextFire(grid(start, interval), utc(now)))).toBe(next);
  });

  it.each([
    ['10:01:00', 240],
    ['10:05:20', 280],
    ['10:10:25', 275],
    ['10:16:13', 227],
  ])('sleeps like test_run_intervals_sleep (I=5m): at %s for %p s', (time, seconds) => {
    const now = utc(`2020-04-10 ${time}`);
    expect((latigoNextFire(grid('08:00', 5 * MINUTE), now) - now) / 1000).toBe(seconds);
  });

  it('fires strictly after a now exactly on a slot, with sub-millisecond precision', () => {
    const g = grid('08:00', 30 * MINUTE);
    expect(show(latigoNextFire(g, utc('2020-04-10 08:30:00')))).toBe('2020-04-10 09:00:00');
    expect(latigoNextFire(g, utc('2020-04-10 08:29:59') + 999.999)).toBe(utc('2020-04-10 08:30:00'));
  });
});

describe('nextSlotAfter: the next slot of the grid', () => {
  const sevenHours = grid('08:00', 7 * HOUR);

  it("agrees with the original's formula everywhere except a cold start before the day's carry-over slot", () => {
    const grids = [
      grid('08:00', 30 * MINUTE),
      grid('08:00', 15 * MINUTE),
      sevenHours,
      grid('04:00', 5 * HOUR),
    ];
    for (const g of grids) {
      for (let now = utc('2020-04-10 00:00:00'); now < utc('2020-04-12 00:00:00'); now += 7 * MINUTE + 1234) {
        const tod = now % DAY;
        if (tod >= g.firstSlotOfDayMs) expect(show(nextSlotAfter(g, now))).toBe(show(latigoNextFire(g, now)));
      }
    }
    // 02:00 is before 05:00, the slot carried over from 22:00 + 7 h; the original's timer skips it.
    expect(show(nextSlotAfter(sevenHours, utc('2020-04-11 02:00:00')))).toBe('2020-04-11 05:00:00');
    expect(show(latigoNextFire(sevenHours, utc('2020-04-11 02:00:00')))).toBe('2020-04-11 08:00:00');
  });

  it('restarts the grid each UTC day when the interval does not divide 24 h (S=08:00, I=7h)', () => {
    const fired = [utc('2020-04-10 22:00:00')];
    for (let i = 0; i < 8; i++) fired.push(nextSlotAfter(sevenHours, fired[fired.length - 1] ?? 0));
    expect(fired.map(show)).toEqual([
      '2020-04-10 22:00:00',
      '2020-04-11 05:00:00',
      '2020-04-11 08:00:00',
      '2020-04-11 15:00:00',
      '2020-04-11 22:00:00',
      '2020-04-12 05:00:00',
      '2020-04-12 08:00:00',
      '2020-04-12 15:00:00',
      '2020-04-12 22:00:00',
    ]);
  });

  it('handles a slot exactly at midnight (S=04:00, I=5h: 19:00 + 5 h) and a now exactly at midnight', () => {
    const g = grid('04:00', 5 * HOUR);
    expect(show(nextSlotAfter(g, utc('2020-04-10 19:00:00')))).toBe('2020-04-11 00:00:00');
    expect(show(latigoNextFire(g, utc('2020-04-10 19:00:00')))).toBe('2020-04-11 00:00:00');
    expect(show(nextSlotAfter(g, utc('2020-04-10 23:59:59') + 999))).toBe('2020-04-11 00:00:00');
    expect(show(nextSlotAfter(g, utc('2020-04-11 00:00:00')))).toBe('2020-04-11 04:00:00');
    expect(isSlot(g, utc('2020-04-11 00:00:00'))).toBe(true);
  });

  it('crosses midnight onto the next day when the interval divides 24 h (S=00:00, I=30m)', () => {
    const g = grid('00:00', 30 * MINUTE);
    expect(show(nextSlotAfter(g, utc('2020-04-10 23:30:00')))).toBe('2020-04-11 00:00:00');
    expect(show(nextSlotAfter(g, utc('2020-04-11 00:00:00')))).toBe('2020-04-11 00:30:00');
  });

  it('fires once a day at the start time when the interval is 1d', () => {
    const g = grid('08:00', DAY);
    expect(show(nextSlotAfter(g, utc('2020-04-10 07:00:00')))).toBe('2020-04-10 08:00:00');
    expect(show(nextSlotAfter(g, utc('2020-04-10 08:00:00')))).toBe('2020-04-11 08:00:00');
  });

  it('keeps the start time off the grid when the carry-over passes it, as the original did (S=00:00, I=7h)', () => {
    // 21:00 + 7 h = 04:00; the day's grid then goes on at 07:00. The original fired at 00:00 only
    // when started between 21:00 and midnight.
    const g = grid('00:00', 7 * HOUR);
    expect(slotsBetween(g, utc('2020-04-10 00:00:00'), utc('2020-04-11 00:00:00')).map(show)).toEqual([
      '2020-04-10 04:00:00',
      '2020-04-10 07:00:00',
      '2020-04-10 14:00:00',
      '2020-04-10 21:00:00',
    ]);
    expect(show(latigoNextFire(g, utc('2020-04-10 21:00:00')))).toBe('2020-04-11 04:00:00');
  });

  it('gives the slots the original fires on when it runs without stopping, for grids that do and do not divide a day', () => {
    const cases: [string, number][] = [
      ['08:00', 30 * MINUTE],
      ['08:00', 7 * HOUR],
      ['08:00', 13 * HOUR],
      ['00:00', 7 * HOUR],
      ['04:00', 5 * HOUR],
      ['23:59', 25 * MINUTE],
      ['08:00', 11 * MINUTE],
      ['08:00', DAY],
    ];
    for (const [start, interval] of cases) {
      const g = grid(start, interval);
      const first = latestSlotAtOrBefore(g, utc('2020-04-10 12:00:00'));
      const fired = [first];
      while ((fired[fired.length - 1] ?? Infinity) < first + 3 * DAY) {
        fired.push(latigoNextFire(g, fired[fired.length - 1] ?? 0));
      }
      expect(slotsBetween(g, first - 1, fired[fired.length - 1] ?? 0)).toEqual(fired);
    }
  });
});

describe('latestSlotAtOrBefore: the slot run_at_once enqueues', () => {
  const defaults = grid('08:00', 30 * MINUTE);

  it('is now itself when now is a slot, else the slot before', () => {
    expect(show(latestSlotAtOrBefore(defaults, utc('2020-04-10 09:30:00')))).toBe('2020-04-10 09:30:00');
    expect(show(latestSlotAtOrBefore(defaults, utc('2020-04-10 09:47:13') + 500))).toBe(
      '2020-04-10 09:30:00',
    );
    expect(show(latestSlotAtOrBefore(defaults, utc('2020-04-10 09:30:00') - 1))).toBe('2020-04-10 09:00:00');
  });

  it("is yesterday's last slot before today's carry-over slot (S=08:00, I=7h)", () => {
    const g = grid('08:00', 7 * HOUR);
    expect(show(latestSlotAtOrBefore(g, utc('2020-04-11 04:59:59')))).toBe('2020-04-10 22:00:00');
    expect(show(latestSlotAtOrBefore(g, utc('2020-04-11 05:00:00')))).toBe('2020-04-11 05:00:00');
    expect(show(latestSlotAtOrBefore(g, utc('2020-04-11 07:59:00')))).toBe('2020-04-11 05:00:00');
  });

  it('is always a slot and never after now', () => {
    const g = grid('08:00', 7 * HOUR);
    for (let now = utc('2020-04-10 00:00:00'); now < utc('2020-04-12 00:00:00'); now += 13 * MINUTE + 7) {
      const latest = latestSlotAtOrBefore(g, now);
      expect(latest).toBeLessThanOrEqual(now);
      expect(isSlot(g, latest)).toBe(true);
      expect(nextSlotAfter(g, latest)).toBeGreaterThan(now);
    }
  });
});
