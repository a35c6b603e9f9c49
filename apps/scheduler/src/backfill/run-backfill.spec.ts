import { PassThrough } from 'node:stream';
import { createMemoryTaskQueue, MemoryBroker, type Task } from '@latigo/task-queue';
import type { DiscoveryResult } from '../discovery';
import { SlotClock } from '../slots';
import { tasksOn } from '../testing/memory-queue.test-helpers';
import { LineProgress } from './progress';
import { exitCodeOf, formatReport } from './report';
import { type BackfillDeps, runBackfill } from './run-backfill';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Date.parse('2026-03-10T12:00:00Z');
const slotClock = new SlotClock({ startTimeMs: 8 * HOUR, intervalMs: 30 * MINUTE, delayMs: 3 * HOUR });

const discovery = (failures: DiscoveryResult['failures'] = []) => ({
  discover: async (): Promise<DiscoveryResult> => ({
    models: [
      { project: 'ioc-1000', model: 'pump-1', revision: '1' },
      { project: 'ioc-1000', model: 'pump-2', revision: '1' },
      { project: 'ioc-2000', model: 'pump-1', revision: '1' },
    ],
    projects: ['ioc-1000', 'ioc-2000'],
    excludedProjects: [],
    filteredOut: 0,
    failures,
    durationMs: 1,
  }),
});

function setup(overrides: Partial<BackfillDeps> = {}) {
  const broker = new MemoryBroker();
  const out = new PassThrough();
  let progress = '';
  out.on('data', (c: Buffer) => (progress += c.toString()));
  const deps: BackfillDeps = {
    slotClock,
    discovery: discovery(),
    queue: createMemoryTaskQueue({ broker }),
    progress: new LineProgress(out),
    now: () => NOW,
    signal: new AbortController().signal,
    ...overrides,
  };
  return { broker, deps, progress: () => progress };
}

const request = {
  from: Date.parse('2026-03-10T06:00Z'),
  to: Date.parse('2026-03-10T08:00Z'),
  models: [],
  dryRun: false,
  maxTasks: 1000,
};

describe('runBackfill', () => {
  it('enqueues exactly the tasks of the windows covering the range, oldest first', async () => {
    const { broker, deps, progress } = setup();
    const report = await runBackfill(deps, request);
    const ids = tasksOn(broker)
      .map((t: Task) => t.taskId)
      .sort();
    const expected = ['06:00', '06:30', '07:00', '07:30'].flatMap((from) => {
      const to = new Date(Date.parse(`2026-03-10T${from}:00Z`) + 30 * MINUTE)
        .toISOString()
        .replace('.000', '');
      return ['ioc-1000/pump-1', 'ioc-1000/pump-2', 'ioc-2000/pump-1'].map(
        (m) => `${m}/2026-03-10T${from}:00Z/${to}`,
      );
    });
    expect(ids).toEqual(expected.sort());
    expect(report).toMatchObject({ slotsDone: 4, tasksEnqueued: 12, tasksPlanned: 12, interrupted: false });
    expect(exitCodeOf(report)).toBe(0);
    expect(progress()).toBe(
      'backfill: 0% (0/4 slots, 0 tasks)\nbackfill: 20% (1/4 slots, 3 tasks)\nbackfill: 50% (2/4 slots, 6 tasks)\n' +
        'backfill: 70% (3/4 slots, 9 tasks)\nbackfill: 100% (4/4 slots, 12 tasks)\n',
    );
  });

  it('narrows to --model names and reports names no project serves', async () => {
    const { broker, deps } = setup();
    const report = await runBackfill(deps, { ...request, models: ['pump-2', 'pump-9'] });
    expect(new Set(tasksOn(broker).map((t) => `${t.projectName}/${t.modelName}`))).toEqual(
      new Set(['ioc-1000/pump-2']),
    );
    expect(report.unknownModels).toEqual(['pump-9']);
    expect(exitCodeOf(report)).toBe(1);
    expect(formatReport(report)).toContain('no project serves --model pump-9');
  });

  it('enqueues nothing on a dry run, and lists every window', async () => {
    const { broker, deps } = setup();
    const report = await runBackfill(deps, { ...request, dryRun: true });
    expect(tasksOn(broker)).toEqual([]);
    const text = formatReport(report);
    expect(text).toContain('Backfill (dry run): 4 slots × 3 models = 12 tasks would be enqueued');
    expect(text).toContain('    2026-03-10T07:30:00Z → 2026-03-10T08:00:00Z');
    expect(text).toContain('  ioc-1000: 2 models (pump-1, pump-2)');
  });

  it('refuses more tasks than --max-tasks before enqueueing any', async () => {
    const { broker, deps } = setup();
    await expect(runBackfill(deps, { ...request, maxTasks: 11 })).rejects.toMatchObject({
      code: 'BACKFILL_TOO_MANY_TASKS',
    });
    expect(tasksOn(broker)).toEqual([]);
  });

  it('stops at the first failed enqueue and says how to finish', async () => {
    const broker = new MemoryBroker();
    const queue = createMemoryTaskQueue({ broker });
    let calls = 0;
    const { deps } = setup({
      queue: {
        enqueue: (tasks) =>
          ++calls === 3
            ? Promise.reject(
                Object.assign(new Error('broker down'), { code: 'TASK_QUEUE_CONNECTION_FAILED' }),
              )
            : queue.enqueue(tasks),
      },
    });
    const report = await runBackfill(deps, request);
    expect(report).toMatchObject({
      slotsDone: 2,
      tasksEnqueued: 6,
      stopped: { code: 'TASK_QUEUE_CONNECTION_FAILED' },
    });
    expect(exitCodeOf(report)).toBe(1);
    expect(formatReport(report)).toContain(
      'to finish: backfill --from 2026-03-10T07:00:00Z --to 2026-03-10T08:00:00Z (same filters)',
    );
  });

  it('stops between slots when interrupted, with exit code 130', async () => {
    const abort = new AbortController();
    const broker = new MemoryBroker();
    const queue = createMemoryTaskQueue({ broker });
    const { deps } = setup({
      signal: abort.signal,
      queue: {
        enqueue: async (tasks) => {
          abort.abort();
          return queue.enqueue(tasks);
        },
      },
    });
    const report = await runBackfill(deps, request);
    expect(report).toMatchObject({ slotsDone: 1, interrupted: true });
    expect(exitCodeOf(report)).toBe(130);
  });

  it('reports projects that failed and exits 1, after enqueueing the others', async () => {
    const failures = [{ project: 'broken', code: 'GORDO_UNAVAILABLE', message: 'answered 500' }];
    const { broker, deps } = setup({ discovery: discovery(failures) });
    const report = await runBackfill(deps, request);
    expect(tasksOn(broker)).toHaveLength(12);
    expect(formatReport(report)).toContain('project left out: broken: GORDO_UNAVAILABLE: answered 500');
    expect(exitCodeOf(report)).toBe(1);
  });
});
