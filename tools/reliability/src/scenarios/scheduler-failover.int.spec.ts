import { requirePeerEnv } from '@latigo/peers';
import type { ServiceProcess } from '@latigo/service-runtime/testing';
import { createTask } from '@latigo/task-queue';
import { ExecutorFleet } from '../harness/executor-fleet';
import { LogCapture } from '../harness/log-capture';
import { observe } from '../harness/outcomes';
import { endScenario } from '../harness/scenario';
import { enqueuedSlots, loggedAt, startScheduler } from '../harness/schedulers';
import { readTaskTopic } from '../harness/task-topic';
import { PROJECT, uniqueName, waitFor, World } from '../harness/world';

// Schedulers of one name (one Redis lease) on a 3 s slot grid, with two executors taking the
// tasks: the leader is SIGKILLed and the standby takes over; then every scheduler is down for
// three slots and a new one catches up. Counted from the task topic and the executors' outcomes.
const INTERVAL_MS = 3000;
const DELAY_MS = 60_000;
const MODELS = requirePeerEnv('LATIGO_TEST_GORDO_MODELS').split(',').sort();
const DOWN_SLOTS = 3;

describe('reliability: scheduler failover and catch-up', () => {
  const world = new World();
  const logs = new LogCapture('scheduler-failover');
  const schedulers: ServiceProcess[] = [];
  let fleet: ExecutorFleet | undefined;
  beforeAll(() => world.start(), 60_000);
  afterAll(async () => {
    for (const s of schedulers) s.kill('SIGKILL');
    fleet?.killAll();
    fleet?.capture(logs);
    schedulers.forEach((s, i) => logs.addProcess(`scheduler-${i + 1}`, s));
    await world.close();
  });

  it('the leader SIGKILLed, then all schedulers down for three slots: every slot of the grid once, every task ends: lost = 0', async () => {
    const startedAt = Date.now();
    const file = world.schedulerConfigFile({
      continuous_prediction_start_time: '00:00',
      continuous_prediction_interval: '3s',
      continuous_prediction_delay: '1m',
      catchup_window: '10m',
      lease_ttl: '2s',
      name: uniqueName('failover'),
      projects: [PROJECT],
    });
    const start = () => {
      const child = startScheduler(file);
      schedulers.push(child);
      return child;
    };
    fleet = new ExecutorFleet(world.executorConfigFile(), 2).start();

    // Two at once: one leads, the other stands by.
    const a = start();
    const b = start();
    const leaderOf = () => [a, b].find((p) => p.lines.some((l) => l['message'] === 'became the leader'));
    await waitFor('a leader', () => leaderOf() !== undefined, 20_000);
    const leader = leaderOf() as ServiceProcess;
    const standby = leader === a ? b : a;
    await waitFor('two slots from the leader', () => enqueuedSlots(leader).length >= 2, 20_000);
    leader.kill('SIGKILL');
    const killedAt = Date.now();
    await standby.waitForLine((l) => l['message'] === 'became the leader', 15_000);
    const takeoverMs = (loggedAt(standby, 'became the leader') as number) - killedAt;
    await waitFor('two slots from the standby', () => enqueuedSlots(standby).length >= 2, 20_000);

    // Every scheduler down for three slots, then a new one.
    standby.kill('SIGTERM');
    const standbyExit = await standby.exited;
    const lastDone = Math.max(...[leader, standby].flatMap((p) => enqueuedSlots(p).map((s) => s.slot)));
    await new Promise((r) =>
      setTimeout(r, lastDone + DOWN_SLOTS * INTERVAL_MS + INTERVAL_MS / 3 - Date.now()),
    );
    const restarted = start();
    await waitFor(
      'the restarted scheduler to catch up and go on',
      () => enqueuedSlots(restarted).length >= DOWN_SLOTS + 1,
      20_000,
    );
    restarted.kill('SIGTERM');
    const restartedExit = await restarted.exited;

    // The grid: every slot from the first to the last enqueued, one interval apart.
    const logged = [leader, standby, restarted].flatMap((p) => enqueuedSlots(p));
    const first = Math.min(...logged.map((s) => s.slot));
    const last = Math.max(...logged.map((s) => s.slot));
    const grid = Array.from({ length: (last - first) / INTERVAL_MS + 1 }, (_, k) => first + k * INTERVAL_MS);
    const expected = grid.flatMap((slot) =>
      MODELS.map(
        (model) =>
          createTask({
            projectName: PROJECT,
            modelName: model,
            fromTime: new Date(slot - DELAY_MS),
            toTime: new Date(slot - DELAY_MS + INTERVAL_MS),
          }).taskId,
      ),
    );
    const afterRestart = enqueuedSlots(restarted);
    const missed = Array.from({ length: DOWN_SLOTS }, (_, k) => lastDone + (k + 1) * INTERVAL_MS);

    await waitFor('the task topic to hold every expected task', async () => {
      const ids = new Set((await readTaskTopic(world.topic)).map((t) => t.taskId));
      return expected.every((id) => ids.has(id));
    });
    await waitFor(
      'the executors to commit every task',
      () => {
        fleet?.assertHealthy(0);
        return world.drained();
      },
      120_000,
    );
    const onTopic = (await readTaskTopic(world.topic)).map((t) => t.taskId);
    const exits = await fleet.stop();
    fleet.capture(logs);
    schedulers.forEach((s, i) => logs.addProcess(`scheduler-${i + 1}`, s));

    const { tally, leaked } = endScenario({
      id: 'scheduler-failover',
      title: 'Scheduler leader killed, then all schedulers down',
      faults:
        `Two schedulers of one name (Redis lease, lease_ttl 2 s) on a 3 s slot grid over the ${MODELS.length} models of the ` +
        'real Gordo, 2 executors taking the tasks; the leader is SIGKILLed after two slots and the standby takes over; ' +
        `after two more slots it is stopped, no scheduler runs for ${DOWN_SLOTS} slots, and a new one is started. ` +
        'Scheduled counts the slot grid from the first to the last slot enqueued (models × slots). The windows are 3 s ' +
        'long, shorter than the models’ 1–10 min resolution, so most tasks are skipped: what counts here is that each ends.',
      startedAt,
      observations: await observe(expected, world.metadata, fleet.lines(), world.taskQueue()),
      logs,
      secrets: world.secrets,
      figures: {
        slots: grid.length,
        models: MODELS.length,
        'takeover after SIGKILL (ms)': takeoverMs,
        'slots caught up after the downtime': afterRestart.filter((s) => s.catchUp).length,
        'tasks on the topic': onTopic.length,
        'duplicate deliveries': onTopic.length - new Set(onTopic).size,
      },
      checks: [
        'the enqueued slots are the contiguous grid: no slot missing at the takeover or after the downtime',
        `the restarted scheduler enqueued exactly the ${DOWN_SLOTS} missed slots first, oldest first`,
        'the task topic holds exactly the expected task ids (nothing outside the grid)',
        'the standby, the restarted scheduler and both executors exit 0 on SIGTERM',
      ],
    });
    expect(tally.lost).toBe(0);
    expect(tally.scheduled).toBe(grid.length * MODELS.length);
    expect(leaked).toEqual([]);
    expect([...new Set(logged.map((s) => s.slot))].sort((x, y) => x - y)).toEqual(grid);
    expect(afterRestart.slice(0, DOWN_SLOTS).map((s) => s.slot)).toEqual(missed);
    expect(new Set(onTopic)).toEqual(new Set(expected));
    expect([standbyExit.code, restartedExit.code, ...exits.map((e) => e.code)]).toEqual([0, 0, 0, 0]);
  }, 240_000);
});
