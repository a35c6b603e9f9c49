import { createTask } from '@latigo/task-queue';
import { ExecutorFleet } from '../harness/executor-fleet';
import { GORDO_FAULTS } from '../harness/gordo-fault-proxy';
import { LogCapture } from '../harness/log-capture';
import { observe } from '../harness/outcomes';
import { endScenario } from '../harness/scenario';
import { PROJECT, tasksFor, waitFor, World } from '../harness/world';

// Bad input while two executors run: messages that are not tasks, tasks naming what does not
// exist, and Gordo answers that are wrong in every way the proxy knows. Each must end with an
// outcome whose reason says what was wrong, and the executors must keep running.

const window = { fromTime: new Date('2024-01-20T06:00:00Z'), toTime: new Date('2024-01-20T06:30:00Z') };
const epoch = (d: Date) => d.getTime() / 1000;
const valid = {
  project_name: PROJECT,
  model_name: 'diff-3tags',
  from_time: epoch(window.fromTime),
  to_time: epoch(window.toTime),
};

/** Raw messages, keyed `bad/<case>`, and what their dead letter's reason must name. */
const POISON: { key: string; value: string; names: RegExp }[] = [
  { key: 'bad/not-json', value: '{"project_name": "latigo-test"', names: /JSON/i },
  {
    key: 'bad/missing-fields',
    value: JSON.stringify({ project_name: PROJECT, model_name: 'diff-3tags' }),
    names: /from_time/,
  },
  { key: 'bad/wrong-types', value: JSON.stringify({ ...valid, model_name: 42 }), names: /model_name/ },
  {
    key: 'bad/from-after-to',
    value: JSON.stringify({ ...valid, from_time: valid.to_time }),
    names: /from_time|to_time/,
  },
  { key: 'bad/not-an-object', value: '[1, 2, 3]', names: /object|message/i },
];

describe('reliability: bad input (task messages and Gordo responses)', () => {
  const world = new World();
  const logs = new LogCapture('bad-input');
  let fleet: ExecutorFleet | undefined;
  beforeAll(() => world.start(), 60_000);
  afterAll(async () => {
    fleet?.killAll();
    fleet?.capture(logs);
    await world.close();
  });

  it('each bad message and bad answer ends dead-lettered or skipped with a reason naming it; the executors keep running; lost = 0', async () => {
    const startedAt = Date.now();
    for (const fault of GORDO_FAULTS) world.gordo.setFault(`diff-3tags~${fault}`, fault);
    const faulty = GORDO_FAULTS.map((fault) =>
      createTask({ projectName: PROJECT, modelName: `diff-3tags~${fault}`, ...window }),
    );
    const unknown = [
      createTask({ projectName: PROJECT, modelName: 'no-such-model', ...window }),
      createTask({ projectName: 'no-such-project', modelName: 'diff-3tags', ...window }),
      // 200 kB of model name: far beyond any real one, still below the broker's message limit.
      createTask({ projectName: PROJECT, modelName: `huge-${'x'.repeat(200_000)}`, ...window }),
    ];
    const good = tasksFor(['diff-3tags~ok1', 'plain-3tags'], 2);

    fleet = new ExecutorFleet(
      world.executorConfigFile({ model_info: { n_retries: 1 }, predictor: { n_retries: 1 } }),
      2,
    ).start();
    await world.produceRaw(POISON.map(({ key, value }) => ({ key, value })));
    await world.taskQueue().enqueue([...faulty, ...unknown]);
    await world.taskQueue().enqueue(good); // after the bad ones: the executors must still work
    await waitFor(
      'the group to commit every message',
      () => {
        fleet?.assertHealthy(0);
        return world.drained();
      },
      180_000,
    );

    const letters = await world.taskQueue().deadLetters.list();
    const lines = fleet.lines();
    fleet.capture(logs);
    const reasonOf = (key: string) => letters.find((d) => d.key === key)?.reason ?? '(no dead letter)';
    const outcomeOf = (taskId: string) => {
      const letter = letters.find((d) => d.task?.taskId === taskId);
      if (letter) return `dead-lettered ${letter.code}: ${letter.reason.slice(0, 160)}`;
      // Success first: a redelivery after a rebalance (at-least-once) is skipped as already_done.
      const ok = lines.find((l) => l['message'] === 'task succeeded' && l['task_id'] === taskId);
      if (ok)
        return `succeeded (${String(ok['points'])} points, ${String(ok['skippedNaN'] ?? 0)} NaN skipped)`;
      const skip = lines.find(
        (l) => String(l['message']).startsWith('task skipped') && l['task_id'] === taskId,
      );
      return skip
        ? `skipped ${String(skip['reason'])}: ${String(skip['detail'] ?? '').slice(0, 160)}`
        : '(no outcome)';
    };
    const checks = [
      ...POISON.map((p) => `${p.key.slice(4)}: ${reasonOf(p.key).slice(0, 140)}`),
      ...faulty.map((t) => `Gordo ${t.modelName.split('~')[1]}: ${outcomeOf(t.taskId)}`),
      `unknown model: ${outcomeOf(unknown[0]?.taskId as string)}`,
      `unknown project: ${outcomeOf(unknown[1]?.taskId as string)}`,
      `huge message (200 kB model name): ${outcomeOf(unknown[2]?.taskId as string).slice(0, 120)}`,
      'the good tasks enqueued after the bad ones were stored; no executor exited',
    ];
    process.stdout.write(`${checks.map((c) => `  ${c}`).join('\n')}\n`);

    const { tally, leaked } = endScenario({
      id: 'bad-input',
      title: 'Bad task messages and bad Gordo answers',
      faults:
        'Two executors get messages that are not tasks (not JSON, missing fields, wrong types, from_time >= to_time, not an object), ' +
        'tasks naming an unknown model or project or with a 200 kB name, and, through the fault proxy, Gordo prediction answers ' +
        'that are an HTML sign-in page with 200, bare NaN/Infinity, unknown columns, an empty frame, 410, 422, a truncated body ' +
        'and a wrong content type; then good tasks.',
      startedAt,
      observations: await observe(
        [...POISON.map((p) => `raw:${p.key}`), ...[...faulty, ...unknown, ...good].map((t) => t.taskId)],
        world.metadata,
        lines,
        world.taskQueue(),
      ),
      logs,
      secrets: world.secrets,
      figures: {
        'bad messages': POISON.length,
        'Gordo faults': GORDO_FAULTS.length,
        'good tasks': good.length,
      },
      checks,
    });
    expect(tally.lost).toBe(0);
    expect(leaked).toEqual([]);
    for (const p of POISON) {
      expect({ key: p.key, code: letters.find((d) => d.key === p.key)?.code }).toEqual({
        key: p.key,
        code: 'TASK_POISON_MESSAGE',
      });
      expect(reasonOf(p.key)).toMatch(p.names);
    }
    for (const t of good) expect(outcomeOf(t.taskId)).toMatch(/^succeeded/);
    // What each bad answer leads to (the reason names the model's path on Gordo).
    const expected: Record<string, RegExp> = {
      'html-200':
        /^dead-lettered GORDO_BAD_RESPONSE: .*diff-3tags~html-200\/anomaly\/prediction answered 200 with text\/html/,
      'nan-infinity': /^succeeded \(0 points, 45 NaN skipped\)/,
      'wrong-columns':
        /^dead-lettered GORDO_BAD_RESPONSE: .*diff-3tags~wrong-columns\/anomaly\/prediction answered 200 with columns that do not fit/,
      'empty-frame': /^skipped nothing_to_predict: Gordo returned no row/,
      'revision-gone-410': /^skipped model_gone: .*diff-3tags~revision-gone-410.* answered 410/,
      'unprocessable-422':
        /^dead-lettered GORDO_BAD_REQUEST: .*diff-3tags~unprocessable-422\/prediction answered 422/,
      truncated: /^dead-lettered GORDO_UNAVAILABLE: .*diff-3tags~truncated.*other side closed/,
      'wrong-content-type': /^dead-lettered GORDO_BAD_RESPONSE: .*answered 200 with text\/plain/,
    };
    for (const t of faulty) {
      const fault = t.modelName.split('~')[1] as string;
      expect({ fault, outcome: outcomeOf(t.taskId) }).toEqual({
        fault,
        outcome: expect.stringMatching(expected[fault] as RegExp),
      });
    }
    // The whole reason (outcomeOf shortens it) names the model and a few of the wrong columns.
    const wrongColumns = faulty.find((t) => t.modelName.endsWith('~wrong-columns'));
    expect(letters.find((d) => d.task?.taskId === wrongColumns?.taskId)?.reason).toMatch(
      /do not fit model latigo-test\/diff-3tags~wrong-columns at revision \d+: unexpected "model-input\/unknown-\d+", .*; missing "model-input\/tag-\d+", /,
    );
    expect(outcomeOf(unknown[0]?.taskId as string)).toMatch(
      /^skipped model_gone: .*no-such-model\/metadata answered 404/,
    );
    expect(outcomeOf(unknown[2]?.taskId as string)).toMatch(/^dead-lettered GORDO_BAD_REQUEST/);
    expect(fleet.unexpectedExits).toEqual([]);
  }, 240_000);
});
