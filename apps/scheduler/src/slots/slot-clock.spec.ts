import { SlotClock } from './slot-clock';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const utc = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);
const show = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

// The defaults: continuous_prediction_start_time "08:00", interval "30m", delay "3h".
const defaults = new SlotClock({ startTimeMs: 8 * HOUR, intervalMs: 30 * MINUTE, delayMs: 3 * HOUR });

describe('SlotClock', () => {
  it('gives a run_at_once start the window of its latest slot, not of the wall clock', () => {
    const slot = defaults.latestSlotAtOrBefore(utc('2020-04-10 09:47:13') + 500);
    const window = defaults.windowForSlot(slot);
    // The original: [06:47:13, 07:17:13], different on every start.
    expect([show(slot), show(window.from), show(window.to)]).toEqual([
      '2020-04-10 09:30:00',
      '2020-04-10 06:30:00',
      '2020-04-10 07:00:00',
    ]);
  });

  it("tiles the defaults' windows: each starts where the previous one ended, 3 h behind its slot", () => {
    const slots = defaults.slotsBetween(utc('2020-04-10 22:00:00'), utc('2020-04-11 02:00:00'));
    const windows = slots.map((slot) => defaults.windowForSlot(slot));
    expect(windows).toHaveLength(8);
    windows.forEach((window, i) => {
      expect(window.from).toBe((slots[i] ?? 0) - 3 * HOUR);
      expect(window.to - window.from).toBe(30 * MINUTE);
      if (i > 0) expect(window.from).toBe(windows[i - 1]?.to);
    });
  });

  it('refuses a window for a time that is not a slot, which would give unstable task ids', () => {
    expect(() => defaults.windowForSlot(utc('2020-04-10 09:47:13'))).toThrow(
      expect.objectContaining({
        code: 'SLOT_CLOCK_NOT_A_SLOT',
        message: '2020-04-10T09:47:13.000Z is not a slot',
      }),
    );
  });

  it.each([
    { startTimeMs: 8 * HOUR, intervalMs: 30 * MINUTE, delayMs: -1 },
    { startTimeMs: 8 * HOUR, intervalMs: 30 * MINUTE, delayMs: 0.5 },
    { startTimeMs: 8 * HOUR, intervalMs: 0, delayMs: 0 },
    { startTimeMs: 8 * HOUR, intervalMs: DAY + 1, delayMs: 0 },
    { startTimeMs: DAY, intervalMs: HOUR, delayMs: 0 },
  ])('rejects an invalid configuration: %p', (config) => {
    expect(() => new SlotClock(config)).toThrow(
      expect.objectContaining({ code: 'SLOT_CLOCK_INVALID_CONFIG' }),
    );
  });

  it('never reads the system clock: its answers depend only on their arguments', () => {
    const now = utc('2020-04-10 10:01:00');
    const before = [
      defaults.nextSlotAfter(now),
      defaults.latestSlotAtOrBefore(now),
      defaults.latigoNextFire(now),
    ];
    const spy = jest.spyOn(Date, 'now').mockReturnValue(utc('1999-12-31 23:59:59'));
    try {
      expect([
        defaults.nextSlotAfter(now),
        defaults.latestSlotAtOrBefore(now),
        defaults.latigoNextFire(now),
      ]).toEqual(before);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('answers each now the same whether the clock jumped back or forward before it', () => {
    const sevenHours = new SlotClock({ startTimeMs: 8 * HOUR, intervalMs: 7 * HOUR, delayMs: HOUR });
    const nows = [
      '2020-04-11 02:00:00',
      '2020-04-10 23:00:00',
      '2020-04-13 09:00:00',
      '2020-04-11 02:00:00',
    ].map(utc);
    const answers = nows.map((now) => [
      sevenHours.nextSlotAfter(now),
      sevenHours.latestSlotAtOrBefore(now),
      sevenHours.catchUpSlots(utc('2020-04-10 22:00:00'), now, 6 * HOUR).slots,
    ]);
    const fresh = (now: number) => {
      const clock = new SlotClock({ startTimeMs: 8 * HOUR, intervalMs: 7 * HOUR, delayMs: HOUR });
      return [
        clock.nextSlotAfter(now),
        clock.latestSlotAtOrBefore(now),
        clock.catchUpSlots(utc('2020-04-10 22:00:00'), now, 6 * HOUR).slots,
      ];
    };
    expect(answers).toEqual(nows.map(fresh));
    expect(answers[0]).toEqual(answers[3]);
    expect(show(answers[1]?.[0] as number)).toBe('2020-04-11 05:00:00');
  });

  it('counts and iterates the same slots it lists', () => {
    const from = utc('2020-04-01 00:00:00');
    const until = utc('2020-04-03 00:00:00');
    expect(defaults.countSlotsBetween(from, until)).toBe(96);
    expect([...defaults.iterateSlots(from, until)]).toEqual(defaults.slotsBetween(from, until));
    expect(defaults.slotsBetween(from, until).every((slot) => defaults.isSlot(slot))).toBe(true);
  });
});
