import { skippedTaskIds } from './outcomes';

describe('skippedTaskIds', () => {
  it("takes the handler's label over the queue's full reason, in either order", () => {
    const handler = (id: string) => ({ message: 'task skipped', task_id: id, reason: 'no_data' });
    const queue = (id: string) => ({
      message: 'task skipped',
      component: 'task-queue',
      task_id: id,
      reason: 'EXECUTOR_NO_DATA: no data in the window for tags tag-1',
    });
    const skipped = skippedTaskIds([handler('a'), queue('a'), queue('b'), handler('b'), queue('c')]);
    expect(Object.fromEntries(skipped)).toEqual({
      a: 'no_data',
      b: 'no_data',
      c: 'EXECUTOR_NO_DATA: no data in the window for tags tag-1',
    });
  });
});
