import { createMemoryTaskQueue, MemoryBroker, type Task, type TaskQueue } from '@latigo/task-queue';
import { Registry } from 'prom-client';
import type { DiscoveryResult } from '../discovery';
import { DiscoveryError } from '../discovery';
import { LeaderElector } from '../leadership';
import { SchedulerMetrics } from '../metrics';
import { SlotClock } from '../slots';
import { type LeaseStore, MemoryLeaseStore, MemorySlotStore, type SlotStore } from '../state';
import { CaptureLogger } from '../testing/capture-logger.test-helpers';
import { FakeClock } from '../testing/fake-clock.test-helpers';
import { countByWindow, tasksOn } from '../testing/memory-queue.test-helpers';
import { SlotScheduler } from './slot-scheduler';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (hhmmss: string) => Date.parse(`2026-03-10T${hhmmss}Z`);
const hm = (iso: string) => iso.slice(11, 16);

// S = 08:00, I = 30m, delay = 3h: the slot at 10:00 predicts [07:00, 07:30).
const slotClock = new SlotClock({ startTimeMs: 8 * HOUR, intervalMs: 30 * MINUTE, delayMs: 3 * HOUR });

function discoveryOf(models: string[], extra: Partial<DiscoveryResult> = {}) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    discover: async (): Promise<DiscoveryResult> => {
      calls += 1;
      return {
        models: models.map((m) => ({ project: 'ioc-1000', model: m, revision: '1' })),
        projects: ['ioc-1000'],
        excludedProjects: [],
        filteredOut: 0,
        failures: [],
        durationMs: 3,
        ...extra,
      };
    },
  };
}

interface Harness {
  clock: FakeClock;
  broker: MemoryBroker;
  slots: SlotStore;
  logger: CaptureLogger;
  metrics: SchedulerMetrics;
  registry: Registry;
  stop: () => Promise<void>;
  windows: () => Record<string, number>;
}

/** A scheduler on memory adapters and a fake clock, started at `start`; returns its harness. */
async function startScheduler(
  start: number,
  options: {
    clock?: FakeClock;
    broker?: MemoryBroker;
    slots?: SlotStore;
    leases?: LeaseStore;
    queue?: Pick<TaskQueue, 'enqueue'>;
    discovery?: { discover(): Promise<DiscoveryResult> };
    catchupWindowMs?: number;
    runAtOnce?: boolean;
    owner?: string;
  } = {},
): Promise<Harness> {
  const clock = options.clock ?? new FakeClock(start);
  clock.set(Math.max(clock.now(), start));
  const broker = options.broker ?? new MemoryBroker();
  const slots = options.slots ?? new MemorySlotStore();
  const logger = new CaptureLogger();
  const registry = new Registry();
  const metrics = new SchedulerMetrics(registry);
  const leases = options.leases ?? new MemoryLeaseStore(clock);
  const leadership = new LeaderElector({
    store: leases,
    owner: options.owner ?? 'a',
    ttlMs: 30_000,
    clock,
    logger,
  });
  const scheduler = new SlotScheduler({
    slotClock,
    clock,
    slots,
    leadership,
    discovery: options.discovery ?? discoveryOf(['pump-1', 'pump-2']),
    queue: options.queue ?? createMemoryTaskQueue({ broker }),
    catchupWindowMs: options.catchupWindowMs ?? 6 * HOUR,
    runAtOnce: options.runAtOnce ?? false,
    logger,
    metrics,
    retryDelayMs: 10_000,
  });
  const abort = new AbortController();
  const running = Promise.all([leadership.run(abort.signal), scheduler.run(abort.signal)]);
  await clock.advance(0);
  return {
    clock,
    broker,
    slots,
    logger,
    metrics,
    registry,
    stop: async () => {
      abort.abort();
      await clock.advance(0);
      await running;
    },
    windows: () =>
      Object.fromEntries(Object.entries(countByWindow(tasksOn(broker))).map(([k, v]) => [hm(k), v])),
  };
}

describe('SlotScheduler', () => {
  it('enqueues one task per model at each slot, over the window of the slot, never from the wall clock', async () => {
    const h = await startScheduler(at('09:40:00'));
    expect(h.windows()).toEqual({});
    await h.clock.advanceTo(at('10:00:00.250'));
    await h.clock.advanceTo(at('11:10:00'));
    await h.stop();
    expect(h.windows()).toEqual({ '07:00': 2, '07:30': 2, '08:00': 2 });
    const ids = tasksOn(h.broker).map((t: Task) => t.taskId);
    expect(ids).toContain('ioc-1000/pump-1/2026-03-10T07:00:00Z/2026-03-10T07:30:00Z');
    expect(await h.slots.lastDone()).toBe(at('11:00:00'));
    const line = h.logger.lines.find((l) => l.message === 'slot enqueued');
    expect(line).toMatchObject({ slot: '2026-03-10T10:00:00.000Z', tasks: 2, catchUp: false, projects: 1 });
  });

  it('after being stopped for 3 slots, enqueues exactly those 3 at start, oldest first, then goes on', async () => {
    const slots = new MemorySlotStore();
    const broker = new MemoryBroker();
    const first = await startScheduler(at('09:50:00'), { slots, broker });
    await first.clock.advanceTo(at('10:10:00'));
    await first.stop();
    expect(first.windows()).toEqual({ '07:00': 1 * 2 });

    // Down over 10:30, 11:00, 11:30; back at 11:45.
    const second = await startScheduler(at('11:45:00'), { slots, broker });
    const catchUp = second.logger.lines
      .filter((l) => l.message === 'slot enqueued')
      .map((l) => [l['slot'], l['catchUp']]);
    expect(catchUp).toEqual([
      ['2026-03-10T10:30:00.000Z', true],
      ['2026-03-10T11:00:00.000Z', true],
      ['2026-03-10T11:30:00.000Z', false],
    ]);
    await second.clock.advanceTo(at('12:00:01'));
    await second.stop();
    expect(second.windows()).toEqual({ '07:00': 2, '07:30': 2, '08:00': 2, '08:30': 2, '09:00': 2 });
  });

  it('leaves out missed slots older than catchup_window, and counts them', async () => {
    const slots = new MemorySlotStore();
    await slots.markDone(at('06:00:00'));
    const h = await startScheduler(at('09:45:00'), { slots, catchupWindowMs: HOUR });
    await h.stop();
    expect(h.windows()).toEqual({ '06:00': 2, '06:30': 2 });
    expect(h.logger.lines.find((l) => l.message.startsWith('missed slots'))).toMatchObject({ skipped: 5 });
    expect(await h.registry.getSingleMetricAsString('latigo_scheduler_slots_total')).toContain(
      'latigo_scheduler_slots_total{outcome="skipped"} 5',
    );
  });

  it('with run_at_once enqueues the latest slot at start, but not again when it is already done', async () => {
    const slots = new MemorySlotStore();
    const once = await startScheduler(at('09:47:13'), { slots, runAtOnce: true, catchupWindowMs: 0 });
    await once.stop();
    expect(once.windows()).toEqual({ '06:30': 2 });
    const again = await startScheduler(at('09:50:00'), {
      slots,
      runAtOnce: true,
      catchupWindowMs: 0,
      broker: once.broker,
    });
    await again.stop();
    expect(again.windows()).toEqual({ '06:30': 2 });
  });

  it('does not record a slot whose discovery failed, and enqueues it on the retry', async () => {
    let fail = true;
    const ok = discoveryOf(['pump-1']);
    const discovery = {
      discover: () =>
        fail
          ? Promise.reject(new DiscoveryError('DISCOVERY_PROJECTS_UNAVAILABLE', 'metadata API: 503'))
          : ok.discover(),
    };
    const h = await startScheduler(at('09:59:00'), { discovery });
    await h.clock.advanceTo(at('10:00:00'));
    expect(await h.slots.lastDone()).toBeUndefined();
    expect(h.logger.lines.find((l) => l.level === 'error')).toMatchObject({
      message: expect.stringContaining('model discovery failed'),
      code: 'DISCOVERY_PROJECTS_UNAVAILABLE',
      slots: ['2026-03-10T10:00:00.000Z'],
    });
    fail = false;
    await h.clock.advanceTo(at('10:00:10'));
    await h.stop();
    expect(h.windows()).toEqual({ '07:00': 1 });
    expect(await h.slots.lastDone()).toBe(at('10:00:00'));
  });

  it('when the broker fails, retries the slot and keeps later slots waiting behind it', async () => {
    const broker = new MemoryBroker();
    const real = createMemoryTaskQueue({ broker });
    let failing = true;
    const queue = {
      enqueue: (tasks: readonly Task[]) =>
        failing
          ? Promise.reject(Object.assign(new Error('broker down'), { code: 'TASK_QUEUE_CONNECTION_FAILED' }))
          : real.enqueue(tasks),
    };
    const h = await startScheduler(at('09:59:00'), { queue, broker });
    await h.clock.advanceTo(at('10:31:00'));
    expect(await h.slots.lastDone()).toBeUndefined();
    failing = false;
    await h.clock.advanceTo(at('10:31:30'));
    await h.stop();
    // 10:00 first, then 10:30: the record never passes over a slot that is not done.
    expect(h.logger.lines.filter((l) => l.message === 'slot enqueued').map((l) => l['slot'])).toEqual([
      '2026-03-10T10:00:00.000Z',
      '2026-03-10T10:30:00.000Z',
    ]);
    expect(h.windows()).toEqual({ '07:00': 2, '07:30': 2 });
  });

  it('counts the tasks enqueued, the slot lag and the last slot in its metrics', async () => {
    const h = await startScheduler(at('09:59:00'));
    await h.clock.advanceTo(at('10:00:02'));
    await h.stop();
    const text = await h.registry.metrics();
    expect(text).toContain('latigo_scheduler_tasks_enqueued_total{project="ioc-1000"} 2');
    expect(text).toMatch(/latigo_scheduler_slot_lag_seconds \d/);
    expect(text).toContain(`latigo_scheduler_last_enqueued_slot_timestamp_seconds ${at('10:00:00') / 1000}`);
    expect(text).toContain('latigo_scheduler_discovery_duration_seconds_count 1');
  });

  it('as a standby enqueues nothing; it takes over the first slot after the leader stops renewing', async () => {
    const clock = new FakeClock(at('09:50:00'));
    const leases = new MemoryLeaseStore(clock);
    // A killed process never releases its lease: it has to expire.
    const killedLeader: LeaseStore = {
      acquire: (owner, ttl) => leases.acquire(owner, ttl),
      renew: (owner, ttl) => leases.renew(owner, ttl),
      release: async () => false,
    };
    const slots = new MemorySlotStore();
    const broker = new MemoryBroker();
    const leader = await startScheduler(at('09:50:00'), {
      clock,
      leases: killedLeader,
      slots,
      broker,
      owner: 'leader',
    });
    const standby = await startScheduler(at('09:50:00'), { clock, leases, slots, broker, owner: 'standby' });
    await clock.advanceTo(at('10:00:05'));
    await leader.stop();
    await clock.advanceTo(at('10:00:36'));
    expect(standby.logger.messages()).toContain('became the leader');
    await clock.advanceTo(at('10:30:05'));
    await standby.stop();
    expect(leader.logger.lines.filter((l) => l.message === 'slot enqueued').map((l) => l['slot'])).toEqual([
      '2026-03-10T10:00:00.000Z',
    ]);
    expect(standby.logger.lines.filter((l) => l.message === 'slot enqueued').map((l) => l['slot'])).toEqual([
      '2026-03-10T10:30:00.000Z',
    ]);
    expect(standby.windows()).toEqual({ '07:00': 2, '07:30': 2 });
  });

  it('stops at once when asked while waiting for the next slot', async () => {
    const h = await startScheduler(at('09:40:00'));
    await h.stop();
    expect(h.clock.pendingSleepers).toBe(0);
  });
});
