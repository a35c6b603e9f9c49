import type { LogRecord } from '@latigo/service-runtime';
import { RunEvents } from './run-events';

const info = (message: string, meta: Record<string, unknown>): LogRecord => ({
  level: 'info',
  message,
  meta,
});
const slot = (at: string, catchUp: boolean) =>
  info('slot enqueued', {
    slot: at,
    from: new Date(Date.parse(at) - 30 * 60_000).toISOString(),
    to: at,
    tasks: 2,
    catchUp,
  });

describe('RunEvents', () => {
  it('follows the catch-up until the latest slot (catchUp false) and spans the windows of every slot', () => {
    const events = new RunEvents(() => 0);
    events.observe(slot('2026-03-01T07:30:00.000Z', true));
    expect(events.catchUpDone).toBe(false);
    events.observe(slot('2026-03-01T08:00:00.000Z', false));

    expect(events.catchUpDone).toBe(true);
    expect(events.range).toEqual({
      from: Date.parse('2026-03-01T07:00:00Z'),
      to: Date.parse('2026-03-01T08:00:00Z'),
    });
    expect(events.slots.map((s) => s.tasks)).toEqual([2, 2]);
  });

  it("records the handler's task lines with their duration and ignores the queue's own skip line", () => {
    const events = new RunEvents(() => 0);
    const task = { task_id: 'p/b/x/y', project: 'p', model: 'b' };
    events.observe(info('task succeeded', { ...task, ms: 40 }));
    events.observe(
      info('task skipped', { ...task, model: 'a', task_id: 'p/a/x/y', reason: 'no_data', ms: 5 }),
    );
    events.observe(info('task skipped', { ...task, reason: 'EXECUTOR_NO_DATA: …' }));
    events.observe({
      level: 'warn',
      message: 'task failed',
      meta: { ...task, code: 'GORDO_UNAVAILABLE', ms: 9 },
    });

    expect(events.taskRuns.map((r) => [r.model, r.outcome, r.reason, r.durationMs])).toEqual([
      ['b', 'succeeded', undefined, 40],
      ['a', 'skipped', 'no_data', 5],
      ['b', 'failed', 'GORDO_UNAVAILABLE', 9],
    ]);
    expect(events.models()).toEqual([
      { project: 'p', model: 'a' },
      { project: 'p', model: 'b' },
    ]);
  });

  it('keeps the error lines of the apps to point at the logs', () => {
    const events = new RunEvents();
    events.observe({ level: 'error', message: 'model discovery failed', meta: { service: 'scheduler' } });
    events.observe({
      level: 'error',
      message: 'task failed',
      meta: { service: 'executor', code: 'EXECUTOR_TAG_AMBIGUOUS' },
    });
    expect(events.errors).toEqual([
      'scheduler: model discovery failed',
      'executor: task failed EXECUTOR_TAG_AMBIGUOUS',
    ]);
  });
});
