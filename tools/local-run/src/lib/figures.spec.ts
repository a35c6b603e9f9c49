import { computeFigures, percentile } from './figures';
import { RunEvents } from './run-events';
import { EMPTY_TALLY } from './tally';

describe('percentile', () => {
  it('interpolates between ranks as numpy does', () => {
    expect(percentile([40, 10, 30, 20], 0.5)).toBe(25);
    expect(
      percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21], 0.95),
    ).toBe(20);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('computeFigures', () => {
  it('rates the tasks over the time from the first slot to the last outcome and divides upstream calls by tasks', () => {
    let now = 1000;
    const events = new RunEvents(() => now);
    events.observe({
      level: 'info',
      message: 'slot enqueued',
      meta: {
        slot: '2026-03-01T08:00:00Z',
        from: '2026-03-01T07:30:00Z',
        to: '2026-03-01T08:00:00Z',
        tasks: 4,
        catchUp: false,
      },
    });
    for (const [i, ms] of [10, 20, 30, 40].entries()) {
      now = 1000 + 500 * (i + 1);
      events.observe({
        level: 'info',
        message: 'task succeeded',
        meta: { task_id: `p/m${i}/a/b`, project: 'p', model: `m${i}`, ms },
      });
    }
    const figures = computeFigures({
      tally: { ...EMPTY_TALLY, enqueued: 4, succeeded: 4 },
      events,
      startedAt: 0,
      endedAt: 4000,
      emulatorRequests: { gordo: 6, timeseries: 20, metadata: 0 },
      executorRequests: { gordo: 5, timeseries: 20, metadata: 4 },
    });

    expect(figures).toMatchObject({
      executionMs: 2000,
      tasksPerSecond: 2,
      p50Ms: 25,
      wallMs: 4000,
      models: 4,
    });
    // The metadata API here is a real one (the emulator saw nothing): the executors' count is used.
    expect(figures.upstreams).toEqual([
      { upstream: 'gordo', requests: 6, perTask: 1.5, source: 'emulator' },
      { upstream: 'timeseries', requests: 20, perTask: 5, source: 'emulator' },
      { upstream: 'metadata', requests: 4, perTask: 1, source: 'executors' },
    ]);
  });
});
