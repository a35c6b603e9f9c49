import { createTask } from '@latigo/task-queue';
import { MemoryTaskStatusStore, type TaskStatusEvent } from '@latigo/task-status';
import { recordTaskStatus } from './task-status-recording';

describe('recordTaskStatus', () => {
  const task = createTask({
    projectName: 'p1',
    modelName: 'm1',
    fromTime: new Date('2026-01-01T11:30:00Z'),
    toTime: new Date('2026-01-01T12:00:00Z'),
  });

  it('records running per attempt and the outcome with the skip code taken from the reason', async () => {
    const events: TaskStatusEvent[] = [];
    const { handler, onOutcome } = recordTaskStatus({ record: (e) => void events.push(e) }, async () => ({
      outcome: 'skipped',
      reason: 'EXECUTOR_NO_DATA: no datapoints',
    }));
    const delivery = { topic: 't', partition: 0, offset: '0' };
    await handler(task, { signal: new AbortController().signal, attempt: 1, delivery });
    onOutcome(task, {
      outcome: 'skipped',
      attempt: 1,
      durationMs: 12,
      reason: 'EXECUTOR_NO_DATA: no datapoints',
    });
    expect(events.map((e) => [e.state, e.attempt, e.code, e.durationMs])).toEqual([
      ['running', 1, undefined, undefined],
      ['skipped', 1, 'EXECUTOR_NO_DATA', 12],
    ]);
    const store = new MemoryTaskStatusStore({ now: () => Date.parse('2026-01-01T12:05:00Z') });
    await store.write(events.map((event) => ({ kind: 'event' as const, event })));
    expect((await store.modelHistory('p1', 'm1')).tasks[0]).toMatchObject({
      taskId: task.taskId,
      state: 'skipped',
      reason: 'EXECUTOR_NO_DATA: no datapoints',
    });
  });
});
