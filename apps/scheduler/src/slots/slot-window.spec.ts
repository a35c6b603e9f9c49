import { windowForSlot } from './slot-window';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const utc = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);
const show = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

describe('windowForSlot', () => {
  it('with the defaults (30m, 3h), predicts [slot - 3h, slot - 2h30m]', () => {
    const window = windowForSlot({ intervalMs: 30 * MINUTE, delayMs: 3 * HOUR }, utc('2020-04-10 10:00:00'));
    expect([show(window.from), show(window.to)]).toEqual(['2020-04-10 07:00:00', '2020-04-10 07:30:00']);
  });

  it("with the original's test settings (5m, 1d), predicts [slot - 1d, slot - 1d + 5m]", () => {
    const window = windowForSlot({ intervalMs: 5 * MINUTE, delayMs: 24 * HOUR }, utc('2020-04-10 10:05:00'));
    expect([show(window.from), show(window.to)]).toEqual(['2020-04-09 10:05:00', '2020-04-09 10:10:00']);
  });

  it('with no delay, predicts the interval starting at the slot', () => {
    const window = windowForSlot({ intervalMs: 30 * MINUTE, delayMs: 0 }, utc('2020-04-10 10:00:00'));
    expect([show(window.from), show(window.to)]).toEqual(['2020-04-10 10:00:00', '2020-04-10 10:30:00']);
  });
});
