import { createTask, type Task, type TaskContext } from '@latigo/task-queue';
import { Registry } from 'prom-client';
import { MemoryDoneMarkers } from '../done-markers/memory-done-markers';
import { ExecutorMetrics } from '../metrics/executor-metrics';
import type { PipelineReport } from '../pipeline/prediction-pipeline';
import { ExecutorError, TaskSkip } from '../pipeline/task-skip';
import { MemoryLogger } from '../testing/fakes.test-helpers';
import { createTaskHandler } from './task-handler';

const task = createTask({
  projectName: 'latigo-test',
  modelName: 'diff-3tags',
  fromTime: new Date('2024-01-08T07:00:00Z'),
  toTime: new Date('2024-01-08T07:30:00Z'),
});
const context = (signal = new AbortController().signal): TaskContext => ({
  signal,
  attempt: 1,
  delivery: { topic: 'tasks', partition: 2, offset: '17' },
});
const report = { revision: '1', storedRows: 3 } as PipelineReport;

function setUp(run: (task: Task, signal: AbortSignal) => Promise<PipelineReport>, deadlineMs = 10_000) {
  const registry = new Registry();
  const metrics = ExecutorMetrics.for(registry);
  const logger = new MemoryLogger();
  const runs: Task[] = [];
  const handler = createTaskHandler({
    pipeline: {
      run: (t, signal) => {
        runs.push(t);
        return run(t, signal);
      },
    },
    doneMarkers: new MemoryDoneMarkers({ ttlMs: 60_000 }),
    deadlineMs,
    logger,
    metrics,
  });
  const attempts = async () =>
    Object.fromEntries(
      (await metrics.attempts.get()).values.map((v) => [
        `${v.labels['outcome']}/${v.labels['reason']}`,
        v.value,
      ]),
    );
  return { handler, runs, logger, attempts };
}

describe('task handler', () => {
  it('acknowledges a redelivered succeeded task without running it again (done-marker)', async () => {
    const { handler, runs, attempts, logger } = setUp(async () => report);
    expect(await handler(task, context())).toEqual({ outcome: 'succeeded' });
    expect(await handler(task, context())).toEqual({
      outcome: 'skipped',
      reason: 'EXECUTOR_ALREADY_DONE: the task succeeded before (done-marker)',
    });
    expect(runs).toHaveLength(1);
    expect(await attempts()).toEqual({ 'succeeded/ok': 1, 'skipped/already_done': 1 });
    expect(logger.lines.find((l) => l.message === 'task succeeded')).toMatchObject({
      task_id: task.taskId,
      project: 'latigo-test',
      model: 'diff-3tags',
      partition: 2,
      offset: '17',
      revision: '1',
    });
  });

  it('reports a skip with its code and reason, and runs a skipped task again when it comes back', async () => {
    const { handler, runs, attempts } = setUp(async () => {
      throw new TaskSkip('EXECUTOR_NO_DATA', 'no data in the window for tag tag-2');
    });
    const expected = { outcome: 'skipped', reason: 'EXECUTOR_NO_DATA: no data in the window for tag tag-2' };
    expect(await handler(task, context())).toEqual(expected);
    expect(await handler(task, context())).toEqual(expected);
    expect(runs).toHaveLength(2);
    expect(await attempts()).toEqual({ 'skipped/no_data': 2 });
  });

  it('reports failures with the code and whether a retry can help', async () => {
    const { handler, attempts } = setUp(async () => {
      throw new ExecutorError('EXECUTOR_TAG_AMBIGUOUS', 'tag-1 is in 2 facilities', false);
    });
    expect(await handler(task, context())).toEqual({
      outcome: 'failed',
      code: 'EXECUTOR_TAG_AMBIGUOUS',
      retryable: false,
      reason: 'ExecutorError: tag-1 is in 2 facilities',
    });
    expect(await attempts()).toEqual({ 'failed/EXECUTOR_TAG_AMBIGUOUS': 1 });
  });

  it('fails a task that outlives its deadline as retryable, even when the work ignores the signal', async () => {
    const { handler } = setUp(() => new Promise<PipelineReport>(() => undefined), 20);
    expect(await handler(task, context())).toMatchObject({
      outcome: 'failed',
      code: 'EXECUTOR_TASK_DEADLINE',
      retryable: true,
      reason: 'ExecutorError: the task ran longer than 20 ms',
    });
  });

  it('gives the task back (rejects) when the consumer aborts it, without counting an outcome', async () => {
    const controller = new AbortController();
    const { handler, attempts } = setUp((_, signal) => {
      controller.abort(new Error('drain deadline passed'));
      return Promise.reject(signal.reason);
    });
    await expect(handler(task, context(controller.signal))).rejects.toThrow('drain deadline passed');
    expect(await attempts()).toEqual({});
  });
});
