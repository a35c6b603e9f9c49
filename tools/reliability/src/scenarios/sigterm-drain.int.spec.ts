import { TimeseriesEmulator } from '@latigo/emulators';
import type { ServiceProcess } from '@latigo/service-runtime/testing';
import { ExecutorFleet } from '../harness/executor-fleet';
import { LogCapture } from '../harness/log-capture';
import { observe, storedTaskIds } from '../harness/outcomes';
import { endScenario } from '../harness/scenario';
import { tasksFor, waitFor, World } from '../harness/world';

// Two executors on a batch whose sensor reads are slow, so tasks are in flight when one of them
// gets SIGTERM (a rolling update, a scale-down): it must finish and commit what it runs, exit 0
// within its grace period, and leave the rest to the other one.
const GRACE_MS = 10_000;
const READ_LATENCY_MS = 500;
const MODELS = Array.from({ length: 8 }, (_, i) => `diff-3tags~d${i + 1}`);
const FINISHED = new Set(['task succeeded', 'task skipped', 'task failed']);

const idsOf = (p: ServiceProcess, match: (message: string) => boolean) =>
  new Set(p.lines.filter((l) => match(String(l['message']))).map((l) => String(l['task_id'])));
const startedIds = (p: ServiceProcess) => idsOf(p, (m) => m === 'task started');
const finishedIds = (p: ServiceProcess) => idsOf(p, (m) => FINISHED.has(m));

describe('reliability: SIGTERM to an executor during a run', () => {
  const world = new World();
  const logs = new LogCapture('sigterm-drain');
  let fleet: ExecutorFleet | undefined;
  beforeAll(() => world.start(), 60_000);
  afterAll(async () => {
    fleet?.killAll();
    fleet?.capture(logs);
    await world.close();
  });

  it('the executor drains its running tasks and exits 0 within the grace period; the other does the rest: lost = 0', async () => {
    const startedAt = Date.now();
    world.timeseries.server.faults.add({
      route: TimeseriesEmulator.routeKey('POST', '/query/data'),
      latencyMs: READ_LATENCY_MS,
    });
    const tasks = tasksFor(MODELS, 6);
    fleet = new ExecutorFleet(
      world.executorConfigFile({ server: { shutdown_timeout_ms: GRACE_MS }, logging: { level: 'debug' } }),
      2,
      'debug',
    ).start();
    // Both in the group before the tasks come, so both get partitions.
    const members = [...fleet.running];
    await waitFor('both executors in the group', () =>
      members.every((p) => p.lines.some((l) => l['message'] === 'executor consuming tasks')),
    );
    await world.taskQueue().enqueue(tasks);
    const inFlight = (p: ServiceProcess) => [...startedIds(p)].filter((id) => !finishedIds(p).has(id));
    await waitFor(
      'a sixth of the tasks stored and tasks in flight on an executor',
      () => {
        fleet?.assertHealthy(0);
        return (
          new Set(storedTaskIds(world.metadata)).size >= tasks.length / 6 &&
          members.some((p) => inFlight(p).length > 0)
        );
      },
      120_000,
    );
    const victimIndex = members.findIndex((p) => inFlight(p).length > 0);
    const victim = members[victimIndex] as ServiceProcess;
    const runningAtSignal = inFlight(victim);
    const signalledAt = Date.now();
    fleet.terminate(victimIndex);
    const exit = await victim.exited;
    const exitMs = Date.now() - signalledAt;

    await waitFor(
      'the other executor to commit every task',
      () => {
        fleet?.assertHealthy(0);
        return world.drained();
      },
      120_000,
    );
    const survivors = fleet.all.filter((p) => p !== victim);
    const exits = await fleet.stop();
    fleet.capture(logs);
    const drainTimes = victim.lines
      .filter((l) => FINISHED.has(String(l['message'])))
      .map((l) => Date.parse(String(l['timestamp'])))
      .filter((t) => t >= signalledAt);
    // Received again by the other executor: run again, or acknowledged by its done-marker.
    const startedElsewhere = new Set(
      survivors.flatMap((p) => [
        ...idsOf(p, (m) => m === 'task started' || m.startsWith('task skipped: already done')),
      ]),
    );
    const redelivered = [...startedIds(victim)].filter((id) => startedElsewhere.has(id));
    const drained = victim.lines.find((l) => l['message'] === 'task consumer drained');
    const shutdown = victim.lines.find((l) => l['message'] === 'shutdown complete');

    const { tally, leaked } = endScenario({
      id: 'sigterm-drain',
      title: 'SIGTERM to an executor during a run',
      faults:
        `${tasks.length} tasks (${MODELS.length} models × 6 windows, real Gordo) through 2 executors while every sensor read ` +
        `takes ${READ_LATENCY_MS} ms; once a sixth is stored and tasks are in flight on one executor, it gets SIGTERM ` +
        `(server.shutdown_timeout_ms ${GRACE_MS} ms) and is not replaced.`,
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
        'SIGTERM to exit (ms)': exitMs,
        'tasks running at SIGTERM': runningAtSignal.length,
        'tasks finished during the drain': drainTimes.length,
        'SIGTERM to the last task finished (ms)': drainTimes.length
          ? Math.max(...drainTimes) - signalledAt
          : 0,
        'tasks redelivered to the other executor': redelivered.length,
        'already_done skips': fleet.lines().filter((l) => l['reason'] === 'already_done').length,
      },
      checks: [
        `the signalled executor exits 0 within the grace period (${GRACE_MS} ms)`,
        'every task running at the signal finished in the signalled executor; its consumer drained without timing out',
        'its shutdown reports no failed and no pending step',
        'no dead letter; the other executor exits 0 on SIGTERM at the end',
      ],
    });
    expect(tally.lost).toBe(0);
    expect(tally.deadLettered).toBe(0);
    expect(leaked).toEqual([]);
    expect(exit).toEqual({ code: 0, signal: null });
    // The grace period is a correctness bound: past it the orchestrator would SIGKILL.
    expect(exitMs).toBeLessThan(GRACE_MS);
    expect(runningAtSignal.length).toBeGreaterThan(0);
    expect(runningAtSignal.filter((id) => !finishedIds(victim).has(id))).toEqual([]);
    expect(drained).toMatchObject({ timedOut: false });
    expect(shutdown).toMatchObject({ failed: [], pending: [] });
    expect(exits.map((e) => e.code)).toEqual([0]);
    expect(fleet.unexpectedExits).toEqual([]);
  }, 240_000);
});
