import { TimeseriesEmulator, type FaultRule } from '@latigo/emulators';
import { createTask, type Task } from '@latigo/task-queue';
import { ExecutorFleet } from '../harness/executor-fleet';
import { LogCapture } from '../harness/log-capture';
import { observe, storedTaskIds } from '../harness/outcomes';
import { endScenario } from '../harness/scenario';
import { PROJECT, tasksFor, waitFor, World } from '../harness/world';

// Bad answers of the Timeseries API on the two routes a task depends on most: the sensor data
// read (`POST /query/data`) and the prediction write (`POST /data`). One case at a time (the
// faults are per route, not per task), each a task of its own model alias; then good tasks, to
// show the executors still work.

const READ = TimeseriesEmulator.routeKey('POST', '/query/data');
const WRITE = TimeseriesEmulator.routeKey('POST', '/data');
const window = { fromTime: new Date('2024-01-20T06:00:00Z'), toTime: new Date('2024-01-20T06:30:00Z') };

interface Case {
  readonly name: string;
  readonly what: string;
  readonly fault?: FaultRule;
  /** A window other than the default one. */
  readonly window?: { fromTime: Date; toTime: Date };
  /** What the task's outcome (see `outcomeOf`) must say. */
  readonly expect: RegExp;
}

const CASES: Case[] = [
  {
    name: 'read-html-200',
    what: 'the data read answers an HTML sign-in page with 200',
    fault: { route: READ, htmlPageRate: 1 },
    expect:
      /^dead-lettered UPSTREAM_BAD_RESPONSE: .*POST \/plant-beta\/timeseries\/v1\.6\/query\/data answered 200 with text\/html/,
  },
  {
    name: 'read-wrong-content-type',
    what: 'the data read answers its JSON as text/plain',
    fault: { route: READ, contentType: 'text/plain' },
    expect: /^dead-lettered UPSTREAM_BAD_RESPONSE: .*\/query\/data answered 200 with text\/plain/,
  },
  {
    name: 'read-truncated',
    what: 'every data read body is cut off halfway',
    fault: { route: READ, truncatedBodyRate: 1 },
    expect: /^dead-lettered UPSTREAM_CONNECTION: .*POST \/plant-beta\/timeseries\/v1\.6\/query\/data failed/,
  },
  {
    name: 'read-truncated-once',
    what: 'the first data read body is cut off halfway',
    fault: { route: READ, truncatedBodyRate: 1, times: 1 },
    expect: /^succeeded after 1 retried request, [1-9]\d* points stored$/,
  },
  {
    name: 'read-empty',
    what: 'a window with no datapoints (before the data starts)',
    window: { fromTime: new Date('2019-06-01T00:00:00Z'), toTime: new Date('2019-06-01T00:30:00Z') },
    expect: /^skipped no_data: no data in the window/,
  },
  {
    name: 'write-truncated',
    what: 'every prediction write answer is cut off halfway',
    fault: { route: WRITE, truncatedBodyRate: 1 },
    expect: /^dead-lettered UPSTREAM_CONNECTION: .*POST \/plant-beta\/timeseries\/v1\.6\/data failed/,
  },
  {
    name: 'write-truncated-once',
    what: 'the first prediction write answer is cut off halfway',
    fault: { route: WRITE, truncatedBodyRate: 1, times: 1 },
    expect: /^succeeded after 1 retried request, [1-9]\d* points stored$/,
  },
  {
    name: 'write-5xx-twice',
    what: 'the first two prediction writes answer 503',
    fault: { route: WRITE, serverErrorRate: 1, times: 2 },
    expect: /^succeeded after 2 retried requests, [1-9]\d* points stored$/,
  },
  {
    name: 'write-html-200',
    what: 'the prediction write answers an HTML sign-in page with 200',
    fault: { route: WRITE, htmlPageRate: 1 },
    expect: /^dead-lettered UPSTREAM_BAD_RESPONSE: .*\/data answered 200 with text\/html/,
  },
];

const modelOf = (c: Case) => `diff-3tags~ts-${c.name}`;

describe('reliability: bad answers of the Timeseries API', () => {
  const world = new World();
  const logs = new LogCapture('bad-upstream');
  let fleet: ExecutorFleet | undefined;
  beforeAll(() => world.start(), 60_000);
  afterAll(async () => {
    fleet?.killAll();
    fleet?.capture(logs);
    await world.close();
  });

  it('each bad answer ends dead-lettered or skipped with a reason naming the route, or succeeds after a retry; the executors keep running; lost = 0', async () => {
    const startedAt = Date.now();
    fleet = new ExecutorFleet(world.executorConfigFile(), 2).start();
    const taskOf = new Map<string, Task>();
    const retriedRequests = new Map<string, number>();
    for (const c of CASES) {
      world.timeseries.server.faults.clear();
      if (c.fault) world.timeseries.server.faults.add(c.fault);
      const task = createTask({ projectName: PROJECT, modelName: modelOf(c), ...(c.window ?? window) });
      taskOf.set(c.name, task);
      const before = retries(fleet.lines());
      await world.taskQueue().enqueue([task]);
      await waitFor(
        `the outcome of ${c.name}`,
        () => {
          fleet?.assertHealthy(0);
          return world.drained();
        },
        90_000,
      );
      retriedRequests.set(c.name, retries(fleet.lines()) - before);
    }
    world.timeseries.server.faults.clear();
    const good = tasksFor(['diff-3tags~ts-good'], 2);
    await world.taskQueue().enqueue(good);
    await waitFor('the good tasks', () => world.drained(), 90_000);

    const lines = fleet.lines();
    const letters = await world.taskQueue().deadLetters.list();
    const stored = new Set(storedTaskIds(world.metadata));
    const outcomeOf = (c: Case): string => {
      const id = (taskOf.get(c.name) as Task).taskId;
      const letter = letters.find((d) => d.task?.taskId === id);
      if (letter) return `dead-lettered ${letter.code}: ${letter.reason.slice(0, 200)}`;
      const skip = lines.find(
        (l) => l['message'] === 'task skipped' && l['task_id'] === id && !l['component'],
      );
      if (skip) return `skipped ${String(skip['reason'])}: ${String(skip['detail'] ?? '').slice(0, 160)}`;
      if (!stored.has(id)) return '(no outcome)';
      const n = retriedRequests.get(c.name) ?? 0;
      return `succeeded after ${n} retried request${n === 1 ? '' : 's'}, ${writtenPoints(world.timeseries, modelOf(c))} points stored`;
    };
    const outcomes = CASES.map((c) => ({ c, outcome: outcomeOf(c) }));
    const exits = await fleet.stop();
    fleet.capture(logs);

    const { tally, leaked } = endScenario({
      id: 'bad-upstream',
      title: 'Bad answers of the Timeseries API',
      faults:
        'Two executors; one task at a time while the Timeseries emulator answers the sensor data read (`POST /query/data`) ' +
        'or the prediction write (`POST /data`) badly: ' +
        CASES.map((c) => c.what).join('; ') +
        '; then two good tasks.',
      startedAt,
      observations: await observe(
        [...[...taskOf.values()].map((t) => t.taskId), ...good.map((t) => t.taskId)],
        world.metadata,
        lines,
        world.taskQueue(),
      ),
      logs,
      secrets: world.secrets,
      figures: {
        cases: CASES.length,
        'retried upstream requests': retries(lines),
        'executor exits': fleet.unexpectedExits.length,
      },
      checks: [
        ...outcomes.map(({ c, outcome }) => `${c.name}: ${outcome.slice(0, 220)}`),
        'the two good tasks after the bad answers are stored; the executors never exit and exit 0 on SIGTERM',
      ],
    });
    for (const { c, outcome } of outcomes)
      expect({ case: c.name, outcome }).toEqual({ case: c.name, outcome: expect.stringMatching(c.expect) });
    expect(tally.lost).toBe(0);
    expect(leaked).toEqual([]);
    expect(good.every((t) => stored.has(t.taskId))).toBe(true);
    expect(fleet.unexpectedExits).toEqual([]);
    expect(exits.map((e) => e.code)).toEqual([0, 0]);
  }, 300_000);
});

/** The Timeseries requests the executors retried (the http client's `…, retrying` warnings). */
function retries(lines: readonly Record<string, unknown>[]): number {
  return lines.filter((l) => /^timeseries: .* failed, retrying$/.test(String(l['message']))).length;
}

/** Datapoints written to the output series of `model` (its names are `{tag}|{model}|{group}`). */
function writtenPoints(timeseries: TimeseriesEmulator, model: string): number {
  return timeseries.store
    .all()
    .filter((r) => r.name.includes(`|${model}|`))
    .reduce((n, r) => n + timeseries.store.points(r.id).length, 0);
}
