import { SlotClock } from '../slots';
import { planSlots } from './plan-slots';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const utc = (text: string): number => Date.parse(`2026-03-10T${text}Z`);
const show = (slots: number[]): string[] => slots.map((s) => new Date(s).toISOString().slice(11, 16));

const clock = new SlotClock({ startTimeMs: 8 * HOUR, intervalMs: 30 * MINUTE, delayMs: 3 * HOUR });
const plan = (
  lastDone: string | undefined,
  now: string,
  options: { since?: string; window?: number } = {},
) => {
  const result = planSlots(clock, {
    lastDone: lastDone === undefined ? undefined : utc(lastDone),
    now: utc(now),
    watchingSince: utc(options.since ?? '00:00:00'),
    catchupWindowMs: options.window ?? 6 * HOUR,
  });
  return { due: show(result.due), skipped: result.skipped };
};

describe('planSlots', () => {
  it('enqueues the slot that just came due, once', () => {
    expect(plan('09:30:00', '10:00:00.004')).toEqual({ due: ['10:00'], skipped: 0 });
    expect(plan('10:00:00', '10:00:00.004')).toEqual({ due: [], skipped: 0 });
    expect(plan('10:00:00', '10:29:59.999')).toEqual({ due: [], skipped: 0 });
  });

  it('after downtime, enqueues every missed slot within the window, oldest first, then the current one', () => {
    expect(plan('08:00:00', '09:40:00', { since: '09:39:00' })).toEqual({
      due: ['08:30', '09:00', '09:30'],
      skipped: 0,
    });
  });

  it('leaves out missed slots older than the window and counts them', () => {
    expect(plan('06:00:00', '09:40:00', { since: '09:39:00', window: HOUR })).toEqual({
      due: ['09:00', '09:30'],
      skipped: 5,
    });
  });

  it('with catch-up off, enqueues nothing missed but still each slot that comes due while watching', () => {
    expect(plan('08:00:00', '09:40:00', { since: '09:39:00', window: 0 })).toEqual({ due: [], skipped: 3 });
    expect(plan('08:00:00', '10:00:00.010', { since: '09:39:00', window: 0 })).toEqual({
      due: ['10:00'],
      skipped: 3,
    });
  });

  it('waits for the next slot on a first start, and takes the latest one with run_at_once', () => {
    expect(plan(undefined, '09:40:00', { since: '09:40:00' })).toEqual({ due: [], skipped: 0 });
    expect(plan(undefined, '10:00:00', { since: '09:40:00' })).toEqual({ due: ['10:00'], skipped: 0 });
    expect(plan(undefined, '09:40:00', { since: '09:29:59.999' })).toEqual({ due: ['09:30'], skipped: 0 });
  });

  it('keeps slots that came due while watching but failed, within the window, even with no record yet', () => {
    expect(plan(undefined, '10:31:00', { since: '09:59:00' })).toEqual({
      due: ['10:00', '10:30'],
      skipped: 0,
    });
    expect(plan(undefined, '10:31:00', { since: '09:59:00', window: 0 })).toEqual({
      due: ['10:30'],
      skipped: 1,
    });
  });

  it('lets a standby that takes over enqueue the slot the dead leader had not finished', () => {
    expect(plan('09:30:00', '10:00:25', { since: '07:00:00', window: 0 })).toEqual({
      due: ['10:00'],
      skipped: 0,
    });
  });

  it('on a restart exactly on a slot boundary, counts that slot as current', () => {
    expect(plan('09:00:00', '10:00:00', { since: '10:00:00', window: 0 })).toEqual({ due: [], skipped: 2 });
    expect(plan('09:00:00', '10:00:00', { since: '10:00:00' })).toEqual({
      due: ['09:30', '10:00'],
      skipped: 0,
    });
  });

  it('enqueues nothing when the clock went back behind the last enqueued slot', () => {
    expect(plan('10:00:00', '09:10:00')).toEqual({ due: [], skipped: 0 });
  });
});
