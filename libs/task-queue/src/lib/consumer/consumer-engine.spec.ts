import { noopLogger } from '@latigo/observability';
import type { MessagePosition, TaskHandler, TaskOutcome, TaskResult } from '../task-queue';
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

  it('tells the outcome observer each attempt it acted on, with code and reason; poison messages are not tasks', async () => {
    const seen: string[] = [];
    // By model and attempt: other tasks run while one waits for its retry.
    const results: Record<string, () => Promise<TaskResult | void>> = {
      'm0 1': () => Promise.reject(Object.assign(new Error('timed out'), { code: 'UPSTREAM_TIMEOUT' })),
      'm0 2': () => Promise.reject(Object.assign(new Error('still down'), { code: 'UPSTREAM_5XX' })),
      'm2 1': async () => ({ outcome: 'skipped', reason: 'EXECUTOR_NO_DATA: nothing' }),
      'm3 1': async () => undefined,
    };
    const committed: string[] = [];
    const engine = new ConsumerEngine({
      handler: (task, context) => (results[`${task.modelName} ${context.attempt}`] as () => Promise<void>)(),
      concurrency: 1,
      prefetch: 4,
      retry: compileRetryPolicy({ maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 }),
      commitIntervalMs: 0,
      logger: noopLogger,
      transport: {
        commit: async (offsets) => void committed.push(...offsets.map((o) => o.offset)),
        deadLetter: async () => undefined,
      },
      onOutcome: (task, o: TaskOutcome) => {
        seen.push(
          `${task.taskId.split('/')[1]} ${o.outcome} #${o.attempt} ${o.code ?? '-'} ${o.reason ?? '-'}`,
        );
        expect(o.durationMs).toBeGreaterThanOrEqual(0);
      },
    });
    engine.accept(record(0));
    engine.accept(record(1, 'not json'));
    engine.accept(record(2));
    engine.accept(record(3));
    await waitFor('every outcome', () => committed.includes('4'), 10_000);
    expect(seen.sort()).toEqual([
      `${tasks[0]?.modelName} dead_lettered #2 UPSTREAM_5XX Error: still down`,
      `${tasks[0]?.modelName} retrying #1 UPSTREAM_TIMEOUT Error: timed out`,
      `${tasks[2]?.modelName} skipped #1 - EXECUTOR_NO_DATA: nothing`,
      `${tasks[3]?.modelName} succeeded #1 - -`,
    ]);
  });
});
