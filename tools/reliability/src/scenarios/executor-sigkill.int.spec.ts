import { ExecutorFleet } from '../harness/executor-fleet';
import { LogCapture } from '../harness/log-capture';
import { observe, storedTaskIds } from '../harness/outcomes';
import { endScenario, seededRandom } from '../harness/scenario';
import { tasksFor, waitFor, World } from '../harness/world';

// 1,000 tasks through three executor processes; five times, at random points of the run drawn
// from a seeded RNG, one of them is SIGKILLed (its replacement starts at once, like a pod).
const SEED = Number(process.env['LATIGO_RELIABILITY_SEED'] ?? Date.now() % 100_000);
const MODELS = Array.from({ length: 20 }, (_, i) => `diff-3tags~m${String(i + 1).padStart(2, '0')}`);
const KILLS = 5;

describe('reliability: executors SIGKILLed during a run of 1,000 tasks', () => {
  const world = new World();
  const logs = new LogCapture('executor-sigkill');
  let fleet: ExecutorFleet | undefined;
  beforeAll(() => world.start(), 60_000);
  afterAll(async () => {
    fleet?.killAll();
    fleet?.capture(logs);
    await world.close();
  });

  it('every task ends stored, skipped or dead-lettered: lost = 0', async () => {
    const startedAt = Date.now();
    const random = seededRandom(SEED);
    const tasks = tasksFor(MODELS, 50);
    expect(tasks).toHaveLength(1000);
    // Kill points: fractions of the stored tasks, sorted; and which member dies each time.
    const points = Array.from({ length: KILLS }, () => 0.05 + random() * 0.85).sort((a, b) => a - b);
    const victims = points.map(() => Math.floor(random() * 3));
    process.stdout.write(
      `[reliability] executor-sigkill: seed ${SEED}, kill points ${points.map((p) => Math.round(p * 1000)).join(', ')}\n`,
    );

    await world.taskQueue().enqueue(tasks);
    fleet = new ExecutorFleet(world.executorConfigFile(), 3).start();
    for (const [i, point] of points.entries()) {
      await waitFor(
        `${Math.round(point * 1000)} tasks stored`,
        () => {
          fleet?.assertHealthy();
          return new Set(storedTaskIds(world.metadata)).size >= point * 1000;
        },
        240_000,
      );
      fleet.crash(victims[i] as number);
    }
    await waitFor('the group to commit every task', () => world.drained(), 240_000);
    const exits = await fleet.stop();
    fleet.capture(logs);

    const { tally, leaked } = endScenario({
      id: 'executor-sigkill',
      title: 'Executors SIGKILLed five times',
      faults:
        '1,000 tasks (20 models × 50 windows of 30 min, real Gordo) through 3 executor processes; at 5 random points ' +
        '(seeded RNG, fractions of the tasks stored) one executor gets SIGKILL and a replacement starts, as a pod would.',
      startedAt,
      observations: await observe(
        tasks.map((t) => t.taskId),
        world.metadata,
        fleet.lines(),
        world.taskQueue(),
      ),
      logs,
      secrets: world.secrets,
      figures: {
        seed: SEED,
        SIGKILLs: KILLS,
        'executor processes': fleet.all.length,
        'unexpected exits': fleet.unexpectedExits.length,
        'records written (incl. re-runs)': world.metadata.models().length,
        'already_done skips': fleet.lines().filter((l) => l['reason'] === 'already_done').length,
      },
      checks: [
        'the survivors exit 0 on SIGTERM at the end',
        'no dead letter: a crash only causes redelivery',
      ],
    });
    expect(tally.lost).toBe(0);
    expect(tally.scheduled).toBe(1000);
    expect(tally.deadLettered).toBe(0);
    expect(leaked).toEqual([]);
    expect(fleet.unexpectedExits).toEqual([]);
    expect(exits.map((e) => e.code)).toEqual([0, 0, 0]);
  }, 420_000);
});
