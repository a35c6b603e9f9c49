import { decodeTask, encodeTask } from '@latigo/task-queue';
import { SlotClock } from '../slots';
import { countByProject, tasksForSlot } from './slot-tasks';

const HOUR = 3_600_000;
const clock = new SlotClock({ startTimeMs: 8 * HOUR, intervalMs: HOUR / 2, delayMs: 3 * HOUR });
const models = [
  { project: 'ioc-1000', model: 'pump-7', revision: '1700000001000' },
  { project: 'ioc-1000', model: 'fan-2', revision: '1700000001000' },
  { project: 'ioc-2000', model: 'pump-7', revision: '1700000002000' },
];

describe('tasksForSlot', () => {
  it("makes one task per model over the slot's window, with deterministic ids", () => {
    const slot = Date.parse('2026-04-10T10:00:00Z');
    const tasks = tasksForSlot(models, clock.windowForSlot(slot), new Date('2026-04-10T10:00:00.013Z'));
    expect(tasks.map((t) => t.taskId)).toEqual([
      'ioc-1000/pump-7/2026-04-10T07:00:00Z/2026-04-10T07:30:00Z',
      'ioc-1000/fan-2/2026-04-10T07:00:00Z/2026-04-10T07:30:00Z',
      'ioc-2000/pump-7/2026-04-10T07:00:00Z/2026-04-10T07:30:00Z',
    ]);
    const again = tasksForSlot(models, clock.windowForSlot(slot), new Date('2026-04-11T00:00:00Z'));
    expect(again.map((t) => t.taskId)).toEqual(tasks.map((t) => t.taskId));
  });

  it("writes the original's fields (epoch seconds) and ours on the wire", () => {
    const slot = Date.parse('2026-04-10T10:00:00Z');
    const [task] = tasksForSlot(models, clock.windowForSlot(slot), new Date('2026-04-10T10:00:00Z'));
    if (!task) throw new Error('no task');
    const wire = JSON.parse(encodeTask(task)) as Record<string, unknown>;
    expect(wire).toMatchObject({
      project_name: 'ioc-1000',
      model_name: 'pump-7',
      from_time: Date.parse('2026-04-10T07:00:00Z') / 1000,
      to_time: Date.parse('2026-04-10T07:30:00Z') / 1000,
      task_id: 'ioc-1000/pump-7/2026-04-10T07:00:00Z/2026-04-10T07:30:00Z',
      revision: '1700000001000',
    });
    expect(decodeTask(encodeTask(task)).taskId).toBe(task.taskId);
  });

  it('counts tasks per project', () => {
    expect([...countByProject(models)]).toEqual([
      ['ioc-1000', 2],
      ['ioc-2000', 1],
    ]);
  });
});
