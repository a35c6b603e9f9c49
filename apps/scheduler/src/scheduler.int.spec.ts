import { MetadataEmulator } from '@latigo/emulators';
import { requirePeerEnv } from '@latigo/peers';
import type { ServiceProcess } from '@latigo/service-runtime/testing';
import { GordoProxy } from './testing/gordo-proxy.test-helpers';
import { TopicWatcher, uniqueName } from './testing/kafka.test-helpers';
import { enqueuedSlots, startScheduler, writeOverride } from './testing/scheduler-process.test-helpers';

// The built scheduler (dist/main.js) as real processes, against the real Kafka (SASL_SSL, as
// Event Hubs), Redis and Gordo of tools/peers. Slots every 3 s, so each test sees several.
const INTERVAL_MS = 3000;
const MODELS = requirePeerEnv('LATIGO_TEST_GORDO_MODELS').split(',').sort();
const PROJECT = requirePeerEnv('LATIGO_TEST_GORDO_PROJECT');

const fastGrid = (name: string) => ({
  continuous_prediction_start_time: '00:00',
  continuous_prediction_interval: '3s',
  continuous_prediction_delay: '1m',
  catchup_window: '10m',
  lease_ttl: '2s',
  name,
  projects: [PROJECT],
});

const running: ServiceProcess[] = [];
const watchers: TopicWatcher[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
  await Promise.all(watchers.splice(0).map((w) => w.stop()));
});

async function setUp(prefix: string, scheduler: Record<string, unknown> = {}, extra = {}) {
  const topic = uniqueName(prefix);
  const watcher = await new TopicWatcher(topic).start();
  watchers.push(watcher);
  const file = writeOverride({
    topic,
    keyPrefix: `${topic}:`,
    scheduler: { ...fastGrid(topic), ...scheduler },
    ...extra,
  });
  const start = (args: string[] = []) => {
    const child = startScheduler(file, args);
    running.push(child);
    return child;
  };
  return { watcher, start };
}

/** Windows (ISO) from the first to the last one seen, one interval apart, none missing. */
function contiguous(windows: string[]): boolean {
  return windows.every(
    (w, i) => i === 0 || Date.parse(w) - Date.parse(windows[i - 1] as string) === INTERVAL_MS,
  );
}

const idsFor = (windowFrom: string) =>
  MODELS.map(
    (m) =>
      `${PROJECT}/${m}/${windowFrom.replace('.000Z', 'Z')}/${new Date(Date.parse(windowFrom) + INTERVAL_MS)
        .toISOString()
        .replace('.000Z', 'Z')}`,
  ).sort();

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const slotLine = (slot?: string) => (l: Record<string, unknown>) =>
  l['message'] === 'slot enqueued' && (slot === undefined || l['slot'] === slot);

describe('latigo-scheduler against real Kafka, Redis and Gordo', () => {
  it('two schedulers at once: every slot once per model; the leader SIGKILLed, the standby goes on without losing a slot', async () => {
    const { watcher, start } = await setUp('two');
    const a = start();
    const b = start();
    await Promise.all([a, b].map((p) => p.waitForLine((l) => l['message'] === 'latigo-scheduler started')));
    const leaderOf = () => [a, b].find((p) => p.lines.some((l) => l['message'] === 'became the leader'));
    await until(() => leaderOf() !== undefined, 10_000);
    const leader = leaderOf() as ServiceProcess;
    const standby = leader === a ? b : a;

    // Three slots from the leader, then SIGKILL right after the third was recorded.
    await leader.waitForLine(() => enqueuedSlots(leader).length >= 3, 15_000);
    leader.kill('SIGKILL');
    const killedAt = Date.now();
    const lastOfLeader = enqueuedSlots(leader).at(-1)?.slot as string;
    await standby.waitForLine((l) => l['message'] === 'became the leader', 10_000);
    const takeoverMs = Date.now() - killedAt;
    await standby.waitForLine(() => enqueuedSlots(standby).length >= 2, 15_000);
    standby.kill('SIGTERM');
    expect((await standby.exited).code).toBe(0);

    // The standby enqueued nothing while standing by, then took up at the very next slot.
    expect(enqueuedSlots(standby)[0]?.slot).toBe(
      new Date(Date.parse(lastOfLeader) + INTERVAL_MS).toISOString(),
    );
    const slots = enqueuedSlots(leader).length + enqueuedSlots(standby).length;
    await watcher.waitFor((tasks) => tasks.length >= slots * MODELS.length);
    const byWindow = watcher.idsByWindow();
    expect(byWindow.size).toBe(slots);
    expect(contiguous([...byWindow.keys()])).toBe(true);
    for (const [from, ids] of byWindow) expect(ids).toEqual(idsFor(from));
    expect(watcher.tasks.every(({ key, task }) => key === `${task.projectName}/${task.modelName}`)).toBe(
      true,
    );
    // Within one lease period (2 s) of the kill, plus a margin for two busy cores to deliver the line.
    process.stdout.write(`[figures] standby took over ${takeoverMs} ms after SIGKILL\n`);
    expect(takeoverMs).toBeLessThan(2000 + 1000);
  });

  it('stopped for 3 slots and restarted: enqueues exactly those 3 slots, oldest first, then goes on', async () => {
    const { watcher, start } = await setUp('restart');
    const first = start();
    const before = await first.waitForLine(slotLine(), 15_000);
    first.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    const lastDone = Date.parse(String(before['slot']));
    // Down for three slots: back between the third and the fourth.
    await new Promise((r) => setTimeout(r, lastDone + 3 * INTERVAL_MS + INTERVAL_MS / 3 - Date.now()));

    const second = start();
    await second.waitForLine(() => enqueuedSlots(second).length >= 4, 20_000);
    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    const afterRestart = enqueuedSlots(second);
    const missed = [1, 2, 3].map((k) => new Date(lastDone + k * INTERVAL_MS).toISOString());
    expect(afterRestart.slice(0, 3).map((s) => s.slot)).toEqual(missed);
    expect(afterRestart.slice(0, 2).every((s) => s.catchUp)).toBe(true);
    expect(afterRestart[3]?.slot).toBe(new Date(lastDone + 4 * INTERVAL_MS).toISOString());

    await watcher.waitFor((tasks) => tasks.length >= 5 * MODELS.length);
    const byWindow = watcher.idsByWindow();
    expect(byWindow.size).toBe(5);
    expect(contiguous([...byWindow.keys()])).toBe(true);
    for (const [from, ids] of byWindow) expect(ids).toEqual(idsFor(from));
  });

  it('a project whose Gordo answers 500 is left out and counted; the other projects get their tasks', async () => {
    const proxy = new GordoProxy(requirePeerEnv('LATIGO_TEST_GORDO_URL'), new Set(['broken']));
    const gordo = await proxy.listen();
    // The project list from the metadata API, as the original; the real Gordo serves any name.
    const metadata = new MetadataEmulator({ projects: [PROJECT, 'broken', 'second'] });
    const metadataUrl = await metadata.listen(0, '127.0.0.1');
    try {
      const { watcher, start } = await setUp(
        'gordo-500',
        {
          projects: [],
          run_at_once: true,
          continuous_prediction_interval: '30m',
          continuous_prediction_delay: '3h',
        },
        {
          modelInfo: { connection_string: `${gordo}/gordo/v0/` },
          extra: { models_metadata_info: { base_url: metadataUrl } },
        },
      );
      const child = start();
      const line = await child.waitForLine(slotLine(), 15_000);
      expect(line).toMatchObject({ tasks: 2 * MODELS.length, projects: 2, projectsFailed: ['broken'] });
      const warning = child.lines.find((l) => String(l['message']).startsWith('project left out'));
      expect(warning).toMatchObject({ project: 'broken', code: 'GORDO_UNAVAILABLE' });

      const started = await child.waitForLine((l) => l['message'] === 'latigo-scheduler started');
      const healthUrl = String(started['healthUrl']);
      const ready = await fetch(`${healthUrl}/readyz`);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        checks: expect.arrayContaining([
          { name: 'task queue', ok: true },
          { name: 'redis', ok: true },
        ]),
      });
      const metrics = await (await fetch(`${healthUrl}/metrics`)).text();
      expect(metrics).toContain(
        'latigo_scheduler_discovery_errors_total{project="broken",code="GORDO_UNAVAILABLE"',
      );
      expect(metrics).toMatch(
        new RegExp(`latigo_scheduler_tasks_enqueued_total\\{project="second"[^}]*\\} ${MODELS.length}`),
      );
      child.kill('SIGTERM');
      expect((await child.exited).code).toBe(0);

      await watcher.waitFor((tasks) => tasks.length >= 2 * MODELS.length);
      const projects = watcher.tasks.map(({ task }) => `${task.projectName}/${task.modelName}`).sort();
      expect(projects).toEqual(
        [...MODELS.map((m) => `${PROJECT}/${m}`), ...MODELS.map((m) => `second/${m}`)].sort(),
      );
      expect(proxy.failed).toEqual(['/gordo/v0/broken/revisions']);
    } finally {
      await Promise.all([proxy.close(), metadata.close()]);
    }
  });
});
