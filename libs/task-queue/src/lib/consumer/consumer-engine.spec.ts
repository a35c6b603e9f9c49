import { noopLogger } from '@latigo/observability';
import type { MessagePosition, TaskHandler } from '../task-queue';
import { encodeTask } from '../task-codec';
import { gate, makeTasks, waitFor } from '../testing/tasks.test-helpers';
import { ConsumerEngine, type EngineRecord } from './consumer-engine';
import { compileRetryPolicy } from './retry-policy';

const tasks = makeTasks(4, 4);
const record = (
  offset: number,
  value: string | null = encodeTask(tasks[offset] ?? (tasks[0] as never)),
): EngineRecord => ({
  topic: 'tasks',
  partition: 0,
  offset: String(offset),
  key: null,
  value: value === null ? null : Buffer.from(value),
});

function engineWith(handler: TaskHandler, deadLetter: () => Promise<void>) {
  const log: string[] = [];
  const engine = new ConsumerEngine({
    handler,
    concurrency: 4,
    prefetch: 0,
    retry: compileRetryPolicy({ maxAttempts: 1 }),
    commitIntervalMs: 0,
    logger: noopLogger,
    transport: {
      commit: async (offsets: readonly MessagePosition[]) =>
        void log.push(`commit ${offsets.map((o) => o.offset).join(',')}`),
      deadLetter: async () => {
        await deadLetter();
        log.push('dead letter');
      },
    },
  });
  return { engine, log };
}

describe('ConsumerEngine', () => {
  it('publishes a dead letter before committing its offset, retrying while the broker refuses', async () => {
    let refusals = 2;
    const { engine, log } = engineWith(
      async () => undefined,
      async () => {
        if (refusals-- > 0) {
          log.push('refused');
          throw new Error('broker unavailable');
        }
      },
    );
    expect(engine.accept(record(0, 'not json'))).toBe('accepted');
    await waitFor('the commit', () => log.includes('commit 1'), 10_000);
    expect(log).toEqual(['refused', 'refused', 'dead letter', 'commit 1']);
  });

  it('commits nothing after abort, and hands the signal to running handlers', async () => {
    const hold = gate();
    let signal: AbortSignal | undefined;
    const { engine, log } = engineWith(
      async (_task, context) => {
        signal = context.signal;
        await hold.promise;
      },
      async () => undefined,
    );
    engine.accept(record(0));
    await waitFor('the handler', () => signal !== undefined);
    engine.abort();
    expect(signal?.aborted).toBe(true);
    hold.release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toEqual([]);
    expect(engine.accept(record(1))).toBe('refused');
  });

  it('holds back records beyond concurrency + prefetch', async () => {
    const hold = gate();
    const { engine } = engineWith(
      () => hold.promise,
      async () => undefined,
    );
    for (let i = 0; i < 4; i++) engine.accept(record(i));
    expect(engine.hasCapacity()).toBe(false);
    let woke = false;
    void engine.waitForCapacity().then(() => (woke = true));
    hold.release();
    await waitFor('capacity', () => woke);
    await engine.drain(1_000);
  });

  it('drops the work of partitions it no longer holds from its commits', async () => {
    const hold = gate();
    let started = false;
    const { engine, log } = engineWith(
      () => {
        started = true;
        return hold.promise;
      },
      async () => undefined,
    );
    engine.accept(record(0));
    await waitFor('the handler', () => started);
    engine.retainPartitions([]);
    hold.release();
    expect(await engine.drain(1_000)).toEqual({ abandoned: 0, timedOut: false });
    expect(log).toEqual([]);
  });
});
