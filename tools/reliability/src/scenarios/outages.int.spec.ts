import { requirePeerEnv, restartPeer } from '@latigo/peers';
import { ExecutorFleet } from '../harness/executor-fleet';
import { LogCapture } from '../harness/log-capture';
import { observe, storedTaskIds } from '../harness/outcomes';
import { endScenario } from '../harness/scenario';
import { tasksFor, waitFor, World } from '../harness/world';

// Faults of what the executors depend on: flaky upstream APIs, then the Kafka broker and Redis
// stopped and started again (same addresses) in the middle of a run.

const MODELS = Array.from({ length: 8 }, (_, i) => `diff-3tags~o${i + 1}`);

describe('reliability: upstream faults and peer outages', () => {
  let world: World;
  let fleet: ExecutorFleet | undefined;
  let logs: LogCapture;
  beforeEach(async () => {
    world = await new World().start();
  }, 60_000);
  afterEach(async () => {
    fleet?.killAll();
    fleet?.capture(logs);
    await world.close();
  });

  const storedCount = () => new Set(storedTaskIds(world.metadata)).size;

  it('upstream 10 % 5xx, 5 % 429 with Retry-After, 2 % connection resets and slow bodies: lost = 0', async () => {
    const startedAt = Date.now();
    logs = new LogCapture('upstream-faults');
    // Drawn in this order per request: reset, then 429, then 5xx; the rates are of all requests.
    for (const emulator of [world.timeseries, world.metadata])
      emulator.server.faults.add({
        route: '*',
        connectionResetRate: 0.02,
        tooManyRequestsRate: 0.05 / 0.98,
        retryAfterSeconds: 1,
        serverErrorRate: 0.1 / 0.93,
        slowBodyMs: 150,
      });
    const tasks = tasksFor(MODELS, 25);
    await world.taskQueue().enqueue(tasks);
    fleet = new ExecutorFleet(world.executorConfigFile(), 2).start();
    await waitFor(
      'the group to commit every task',
      () => {
        fleet?.assertHealthy(0);
        return world.drained();
      },
      300_000,
    );
    const statuses: Record<string, number> = {};
    for (const emulator of [world.timeseries, world.metadata])
      for (const route of Object.values(emulator.server.requests.snapshot().routes))
        for (const [status, n] of Object.entries(route.statuses))
          statuses[status] = (statuses[status] ?? 0) + n;
    const lines = fleet.lines();
    fleet.capture(logs);
    const { tally, leaked } = endScenario({
      id: 'upstream-faults',
      title: 'Flaky upstream APIs',
      faults:
        '200 tasks through 2 executors while every Timeseries and metadata API request has 2 % connection resets, ' +
        '5 % 429 with Retry-After: 1, 10 % 503, and every body is sent slowly (10 chunks over 150 ms).',
      startedAt,
      observations: await observe(
        tasks.map((t) => t.taskId),
        world.metadata,
        lines,
        world.taskQueue(),
      ),
      logs,
      secrets: world.secrets,
      figures: {
        'upstream requests': Object.values(statuses).reduce((a, b) => a + b, 0),
        'answered 503': statuses['503'] ?? 0,
        'answered 429': statuses['429'] ?? 0,
        'connections reset': statuses['reset'] ?? 0,
        'task retries': lines.filter((l) => l['message'] === 'task failed; retrying').length,
      },
    });
    expect(tally.lost).toBe(0);
    expect(leaked).toEqual([]);
    expect(statuses).toEqual(
      expect.objectContaining({
        '503': expect.any(Number),
        '429': expect.any(Number),
        reset: expect.any(Number),
      }),
    );
    expect(tally.stored).toBeGreaterThan(tally.scheduled * 0.9);
  }, 360_000);

  it('the Kafka broker and Redis stopped and started again mid-run: lost = 0', async () => {
    const startedAt = Date.now();
    logs = new LogCapture('peer-outages');
    const tasks = tasksFor(MODELS, 25);
    await world.taskQueue().enqueue(tasks);
    fleet = new ExecutorFleet(world.executorConfigFile(), 2).start();
    await waitFor('a third of the tasks stored', () => storedCount() >= tasks.length / 3, 180_000);
    const kafkaAt = storedCount();
    await restartPeer('kafka', requirePeerEnv('LATIGO_TEST_PEERS_STATE_DIR'), 5000);
    await waitFor('two thirds of the tasks stored', () => storedCount() >= (tasks.length * 2) / 3, 180_000);
    const redisAt = storedCount();
    await restartPeer('redis', world.redisStateDir, 3000);
    await waitFor('the group to commit every task', () => world.drained(), 240_000);
    const lines = fleet.lines();
    const exits = fleet.unexpectedExits.length;
    fleet.capture(logs);
    const { tally, leaked } = endScenario({
      id: 'peer-outages',
      title: 'Kafka and Redis restarted mid-run',
      faults:
        '200 tasks through 2 executors; after a third is stored the Kafka broker is stopped for 5 s and started again on ' +
        'the same ports and data; after two thirds Redis is stopped for 3 s and comes back empty (no persistence).',
      startedAt,
      observations: await observe(
        tasks.map((t) => t.taskId),
        world.metadata,
        lines,
        world.taskQueue(),
      ),
      logs,
      secrets: world.secrets,
      figures: {
        'stored when Kafka stopped': kafkaAt,
        'stored when Redis stopped': redisAt,
        'executor exits (replaced)': exits,
        'executor processes': fleet.all.length,
        'records written (incl. re-runs)': world.metadata.models().length,
      },
    });
    expect(tally.lost).toBe(0);
    expect(leaked).toEqual([]);
  }, 600_000);
});
