import { createMetricsRegistry } from '@latigo/observability';
import { createMemoryTaskQueue, createTask, MemoryBroker, type TaskResult } from '@latigo/task-queue';
import { setTimeout as sleep } from 'node:timers/promises';
import { accountedFor, EMPTY_TALLY, finished, Tally } from './tally';

describe('Tally', () => {
  it("counts what the scheduler's queue enqueued and how the executors' queues finished each task", async () => {
    const broker = new MemoryBroker();
    const schedulerRegistry = createMetricsRegistry({ processMetrics: false });
    const executorRegistry = createMetricsRegistry({ processMetrics: false });
    const producer = createMemoryTaskQueue({ broker, metrics: schedulerRegistry });
    const consumerQueue = createMemoryTaskQueue({ broker, metrics: executorRegistry });
    const tally = new Tally(schedulerRegistry, [executorRegistry]);
    expect(await tally.snapshot()).toEqual(EMPTY_TALLY);

    const outcomes: Record<string, TaskResult> = {
      ok: { outcome: 'succeeded' },
      empty: { outcome: 'skipped', reason: 'no_data' },
      broken: { outcome: 'failed', reason: 'bad request', retryable: false },
    };
    const consumer = consumerQueue.consumer();
    await consumer.run(async (task) => outcomes[task.modelName], { concurrency: 2 });
    await producer.enqueue(
      ['ok', 'ok', 'empty', 'broken'].map((model, i) =>
        createTask({
          projectName: 'p',
          modelName: model,
          fromTime: new Date(Date.UTC(2026, 0, 1, i)),
          toTime: new Date(Date.UTC(2026, 0, 1, i + 1)),
        }),
      ),
    );
    while (!accountedFor(await tally.snapshot())) await sleep(20);
    await consumer.drain(1000);
    await Promise.all([producer.close(), consumerQueue.close()]);

    const snapshot = await tally.snapshot();
    expect(snapshot).toEqual({ ...EMPTY_TALLY, enqueued: 4, succeeded: 2, skipped: 1, deadLettered: 1 });
    expect(finished(snapshot)).toBe(4);
  });

  it('is not accounted for while a task is running or has no outcome', () => {
    expect(accountedFor({ ...EMPTY_TALLY, enqueued: 2, succeeded: 2, running: 1 })).toBe(false);
    expect(accountedFor({ ...EMPTY_TALLY, enqueued: 3, succeeded: 2 })).toBe(false);
    expect(accountedFor(EMPTY_TALLY)).toBe(false);
    expect(accountedFor({ ...EMPTY_TALLY, enqueued: 3, succeeded: 1, skipped: 1, deadLettered: 1 })).toBe(
      true,
    );
  });
});
