import { requirePeerEnv } from '@latigo/peers';
import { TopicWatcher, uniqueName } from './testing/kafka.test-helpers';
import { startScheduler, writeOverride } from './testing/scheduler-process.test-helpers';

// `latigo-scheduler backfill` as a process (the built bundle) against the real Kafka and Gordo.
const MODELS = requirePeerEnv('LATIGO_TEST_GORDO_MODELS').split(',').sort();
const PROJECT = requirePeerEnv('LATIGO_TEST_GORDO_PROJECT');

describe('latigo-scheduler backfill against real Kafka and Gordo', () => {
  const topic = uniqueName('backfill');
  const watcher = new TopicWatcher(topic);
  let file: string;
  beforeAll(async () => {
    await watcher.start();
    file = writeOverride({
      topic,
      keyPrefix: `${topic}:`,
      scheduler: {
        continuous_prediction_start_time: '08:00',
        continuous_prediction_interval: '30m',
        continuous_prediction_delay: '3h',
        projects: [PROJECT, 'second'],
      },
    });
  });
  afterAll(() => watcher.stop());

  it('--dry-run lists the windows and models and enqueues nothing', async () => {
    const child = startScheduler(file, [
      'backfill',
      '--from',
      '2026-01-05T06:00Z',
      '--to',
      '2026-01-05T08:00Z',
      '--dry-run',
    ]);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const stdout = child.lines.map((l) => l['message']).join('\n');
    expect(stdout).toContain(
      `Backfill (dry run): 4 slots × ${2 * MODELS.length} models = ${8 * MODELS.length} tasks`,
    );
    expect(stdout).toContain('    2026-01-05T07:30:00Z → 2026-01-05T08:00:00Z');
    await new Promise((r) => setTimeout(r, 1000));
    expect(watcher.tasks).toEqual([]);
  });

  it('enqueues exactly the task ids of the range, for one project and two models, with a summary', async () => {
    const models = MODELS.slice(0, 2);
    const child = startScheduler(file, [
      'backfill',
      '--from',
      '2026-01-05T06:00:00Z',
      '--to',
      '2026-01-05T08:00:00Z',
      '--project',
      PROJECT,
      ...models.flatMap((m) => ['--model', m]),
    ]);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const windows = ['06:00', '06:30', '07:00', '07:30'].map((from) => {
      const start = Date.parse(`2026-01-05T${from}:00Z`);
      return `${new Date(start).toISOString()}/${new Date(start + 1_800_000).toISOString()}`.replace(
        /\.000Z/g,
        'Z',
      );
    });
    const expected = windows.flatMap((w) => models.map((m) => `${PROJECT}/${m}/${w}`)).sort();
    await watcher.waitFor((tasks) => tasks.length >= expected.length);
    await new Promise((r) => setTimeout(r, 500));
    expect(watcher.tasks.map(({ task }) => task.taskId).sort()).toEqual(expected);
    const summary = child.lines.map((l) => l['message']).join('\n');
    expect(summary).toContain(`Backfill done: 4 slots, ${expected.length} tasks enqueued`);
    // Not a terminal: plain progress lines on stderr.
    expect(child.stderr.join('')).toContain(`backfill: 100% (4/4 slots, ${expected.length} tasks)`);
  });

  it('rejects a reversed range with exit code 2 before connecting to anything', async () => {
    const child = startScheduler(file, [
      'backfill',
      '--from',
      '2026-01-05T08:00Z',
      '--to',
      '2026-01-05T06:00Z',
    ]);
    expect(await child.exited).toEqual({ code: 2, signal: null });
    expect(child.stderr.join('')).toContain('must be before --to');
  });
});
