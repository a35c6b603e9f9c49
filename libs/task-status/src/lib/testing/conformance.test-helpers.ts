import type { TaskState, TaskStatusEvent } from '../status-report';
import type { TaskStatusLimits, TaskStatusWriter } from '../store/status-store';
import type { TaskStatusReader } from '../task-status-ports';

export const MINUTE = 60_000;
export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const INTERVAL = 30 * MINUTE;

/** A clock the tests move; the store under test reads it. */
export class TestClock {
  constructor(public nowMs = T0) {}
  readonly now = () => this.nowMs;
}

/** An event of model `model` of project `project` for the slot ending at `slotMs`. */
export function event(
  model: string,
  state: TaskState,
  slotMs: number,
  details: Partial<TaskStatusEvent> & { atMs?: number } = {},
): TaskStatusEvent {
  const { atMs, ...rest } = details;
  const project = rest.project ?? 'p1';
  const from = new Date(slotMs - INTERVAL).toISOString();
  const to = new Date(slotMs).toISOString();
  return {
    taskId: `${project}/${model}/${from}/${to}`,
    project,
    model,
    from,
    to,
    state,
    at: new Date(atMs ?? slotMs + MINUTE).toISOString(),
    attempt: state === 'enqueued' ? 0 : 1,
    ...rest,
  };
}

export type StoreUnderTest = TaskStatusReader & TaskStatusWriter;

/** Makes a store with these limits over the clock; `cleanup` after the test. */
export type StoreFactory = (
  limits: Partial<TaskStatusLimits>,
  clock: TestClock,
) => Promise<{ store: StoreUnderTest; cleanup?: () => Promise<void> }>;

const writeEvents = (store: TaskStatusWriter, events: TaskStatusEvent[]) =>
  store.write(events.map((e) => ({ kind: 'event' as const, event: e })));

/** The behaviour every task status store has (memory and Redis). */
export function describeTaskStatusStoreConformance(name: string, factory: StoreFactory): void {
  describe(`${name} task status store`, () => {
    let cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      await Promise.all(cleanups.map((c) => c()));
      cleanups = [];
    });
    const make = async (limits: Partial<TaskStatusLimits> = {}, clock = new TestClock()) => {
      const made = await factory({ freshnessLimitMs: 75 * MINUTE, ...limits }, clock);
      if (made.cleanup) cleanups.push(made.cleanup);
      return { store: made.store, clock };
    };

    it('counts each slot × project from the latest state of each task, duplicates counted once', async () => {
      const { store, clock } = await make();
      clock.nowMs = T0 + 10 * MINUTE;
      await store.write([
        {
          kind: 'expectation',
          expectation: { slot: new Date(T0).toISOString(), project: 'p1', models: ['a', 'b', 'c', 'd'] },
        },
      ]);
      await writeEvents(store, [
        event('a', 'enqueued', T0),
        event('b', 'enqueued', T0),
        event('c', 'enqueued', T0),
        event('a', 'running', T0, { atMs: T0 + 2 * MINUTE }),
        event('a', 'succeeded', T0, { atMs: T0 + 3 * MINUTE, durationMs: 900 }),
        event('a', 'succeeded', T0, { atMs: T0 + 3 * MINUTE, durationMs: 900 }),
        event('b', 'skipped', T0, { atMs: T0 + 4 * MINUTE, code: 'EXECUTOR_NO_DATA', reason: 'no data' }),
        event('c', 'running', T0, { atMs: T0 + 2 * MINUTE }),
        event('x', 'enqueued', T0, { project: 'p2' }),
      ]);
      // A redelivery of a: the same events again in a later batch.
      await writeEvents(store, [event('a', 'succeeded', T0, { atMs: T0 + 3 * MINUTE, durationMs: 900 })]);
      const report = await store.report();
      expect(report.slots).toEqual([
        {
          slot: new Date(T0).toISOString(),
          project: 'p1',
          expected: 4,
          enqueued: 3,
          succeeded: 1,
          skipped: 1,
          failed: 0,
          inFlight: 1,
          lagSeconds: 600,
        },
        {
          slot: new Date(T0).toISOString(),
          project: 'p2',
          expected: 0,
          enqueued: 1,
          succeeded: 0,
          skipped: 0,
          failed: 0,
          inFlight: 1,
          lagSeconds: 600,
        },
      ]);
    });

    it('never regresses a final state: late or repeated events of earlier states are ignored', async () => {
      const { store, clock } = await make();
      clock.nowMs = T0 + 12 * MINUTE;
      await writeEvents(store, [
        event('a', 'succeeded', T0, { atMs: T0 + 5 * MINUTE }),
        event('a', 'running', T0, { atMs: T0 + 6 * MINUTE }), // a redelivery's start, arriving late
        event('a', 'enqueued', T0, { atMs: T0 + 7 * MINUTE }),
        event('b', 'running', T0, { atMs: T0 + 4 * MINUTE, attempt: 2 }),
        event('b', 'retrying', T0, { atMs: T0 + 2 * MINUTE, attempt: 1, code: 'UPSTREAM_TIMEOUT' }),
        event('c', 'dead_lettered', T0, {
          atMs: T0 + 9 * MINUTE,
          attempt: 3,
          code: 'TS_BAD_RESPONSE',
          reason: 'bad body',
        }),
        event('c', 'retrying', T0, { atMs: T0 + 8 * MINUTE, attempt: 2 }),
      ]);
      const tasks = (await store.report()).slots[0];
      expect(tasks).toMatchObject({ enqueued: 3, succeeded: 1, failed: 1, inFlight: 1, lagSeconds: 12 * 60 });
      const b = await store.modelHistory('p1', 'b');
      expect(b.tasks.map((t) => [t.state, t.attempt])).toEqual([['running', 2]]);
      // The same events in the opposite order end in the same states.
      const { store: reversed } = await make({}, clock);
      await writeEvents(reversed, [
        event('c', 'retrying', T0, { atMs: T0 + 8 * MINUTE, attempt: 2 }),
        event('c', 'dead_lettered', T0, {
          atMs: T0 + 9 * MINUTE,
          attempt: 3,
          code: 'TS_BAD_RESPONSE',
          reason: 'bad body',
        }),
        event('b', 'retrying', T0, { atMs: T0 + 2 * MINUTE, attempt: 1, code: 'UPSTREAM_TIMEOUT' }),
        event('b', 'running', T0, { atMs: T0 + 4 * MINUTE, attempt: 2 }),
        event('a', 'enqueued', T0, { atMs: T0 + 7 * MINUTE }),
        event('a', 'running', T0, { atMs: T0 + 6 * MINUTE }),
        event('a', 'succeeded', T0, { atMs: T0 + 5 * MINUTE }),
      ]);
      expect((await reversed.report()).slots).toEqual((await store.report()).slots);
    });

    it('lists dead letters newest first with code and reason, and filters by project', async () => {
      const { store } = await make();
      await writeEvents(store, [
        event('a', 'dead_lettered', T0, { atMs: T0 + 2 * MINUTE, attempt: 3, code: 'E1', reason: 'first' }),
        event('b', 'dead_lettered', T0, { atMs: T0 + 3 * MINUTE, attempt: 1, code: 'E2', reason: 'second' }),
        event('z', 'dead_lettered', T0, { project: 'p2', code: 'E3', reason: 'other project' }),
      ]);
      const report = await store.report({ project: 'p1' });
      expect(report.slots.map((s) => s.project)).toEqual(['p1']);
      expect(report.deadLetters.map((t) => [t.model, t.code, t.reason, t.attempt])).toEqual([
        ['b', 'E2', 'second', 1],
        ['a', 'E1', 'first', 3],
      ]);
    });

    it('reports the newest slots first, at most `slots` of them', async () => {
      const { store, clock } = await make();
      clock.nowMs = T0 + 5 * INTERVAL;
      for (let i = 0; i < 4; i++) await writeEvents(store, [event('a', 'succeeded', T0 + i * INTERVAL)]);
      const report = await store.report({ slots: 2 });
      expect(report.slots.map((s) => s.slot)).toEqual([
        new Date(T0 + 3 * INTERVAL).toISOString(),
        new Date(T0 + 2 * INTERVAL).toISOString(),
      ]);
    });

    it('keeps at most max_slots slots, dropping the oldest', async () => {
      const { store, clock } = await make({ maxSlots: 3 });
      clock.nowMs = T0 + 10 * INTERVAL;
      for (let i = 0; i < 5; i++) {
        await store.write([
          {
            kind: 'expectation',
            expectation: { slot: new Date(T0 + i * INTERVAL).toISOString(), project: 'p1', models: ['a'] },
          },
          { kind: 'event', event: event('a', 'succeeded', T0 + i * INTERVAL) },
        ]);
      }
      const report = await store.report({ slots: 10 });
      expect(report.slots.map((s) => s.slot)).toEqual(
        [4, 3, 2].map((i) => new Date(T0 + i * INTERVAL).toISOString()),
      );
      expect((await store.modelHistory('p1', 'a')).tasks).toHaveLength(3);
    });

    it('keeps at most max_tasks_per_model tasks in a model history, newest first', async () => {
      const { store, clock } = await make({ maxTasksPerModel: 2 });
      clock.nowMs = T0 + 10 * INTERVAL;
      for (let i = 0; i < 4; i++)
        await writeEvents(store, [
          event('a', 'skipped', T0 + i * INTERVAL, { code: 'EXECUTOR_NO_DATA', reason: `no data ${i}` }),
        ]);
      const history = await store.modelHistory('p1', 'a', 10);
      expect(history.tasks.map((t) => t.reason)).toEqual(['no data 3', 'no data 2']);
      expect(history.tasks[0]).toMatchObject({
        project: 'p1',
        model: 'a',
        state: 'skipped',
        code: 'EXECUTOR_NO_DATA',
      });
      expect((await store.modelHistory('p1', 'a', 1)).tasks).toHaveLength(1);
    });

    it('drops what is older than the retention, on write and as time passes', async () => {
      const retentionMs = 6 * INTERVAL;
      const { store, clock } = await make({ retentionMs });
      clock.nowMs = T0 + 8 * INTERVAL;
      await writeEvents(store, [event('old', 'succeeded', T0), event('a', 'succeeded', T0 + 4 * INTERVAL)]);
      let report = await store.report({ slots: 10 });
      expect(report.slots.map((s) => s.slot)).toEqual([new Date(T0 + 4 * INTERVAL).toISOString()]);
      expect((await store.modelHistory('p1', 'old')).tasks).toEqual([]);
      clock.nowMs = T0 + 4 * INTERVAL + retentionMs + 1;
      report = await store.report({ slots: 10 });
      expect(report.slots).toEqual([]);
      expect((await store.modelHistory('p1', 'a')).tasks).toEqual([]);
    });

    it('reports stale models (never succeeded in the retention, or too long ago) with their latest task', async () => {
      const { store, clock } = await make({ freshnessLimitMs: 75 * MINUTE });
      const latest = T0 + 4 * INTERVAL;
      clock.nowMs = latest + 10 * MINUTE;
      await store.write([
        {
          kind: 'expectation',
          expectation: {
            slot: new Date(latest).toISOString(),
            project: 'p1',
            models: ['fresh', 'late', 'never'],
          },
        },
        { kind: 'event', event: event('fresh', 'succeeded', latest) },
        { kind: 'event', event: event('late', 'succeeded', T0 + INTERVAL) },
        {
          kind: 'event',
          event: event('late', 'skipped', latest, { code: 'EXECUTOR_NO_DATA', reason: 'no rows' }),
        },
        {
          kind: 'event',
          event: event('never', 'dead_lettered', latest, { code: 'GORDO_BAD_RESPONSE', reason: 'html' }),
        },
      ]);
      const report = await store.report();
      expect(report.freshnessLimitSeconds).toBe(75 * 60);
      expect(report.freshness).toEqual([
        {
          project: 'p1',
          model: 'fresh',
          lastSucceededTo: new Date(latest).toISOString(),
          freshnessSeconds: 600,
        },
        {
          project: 'p1',
          model: 'late',
          lastSucceededTo: new Date(T0 + INTERVAL).toISOString(),
          freshnessSeconds: 100 * 60,
        },
        { project: 'p1', model: 'never' },
      ]);
      expect(
        report.stale.map((s) => [s.model, s.freshnessSeconds, s.latest?.state, s.latest?.reason]),
      ).toEqual([
        ['late', 6000, 'skipped', 'no rows'],
        ['never', undefined, 'dead_lettered', 'html'],
      ]);
    });

    it('keeps the slot open (lag grows) while expected models have not been heard of', async () => {
      const { store, clock } = await make();
      clock.nowMs = T0 + 20 * MINUTE;
      await store.write([
        {
          kind: 'expectation',
          expectation: { slot: new Date(T0).toISOString(), project: 'p1', models: ['a', 'b'] },
        },
        { kind: 'event', event: event('a', 'succeeded', T0, { atMs: T0 + 5 * MINUTE }) },
      ]);
      expect((await store.report()).slots[0]).toMatchObject({
        expected: 2,
        enqueued: 1,
        inFlight: 0,
        lagSeconds: 20 * 60,
      });
      await writeEvents(store, [event('b', 'succeeded', T0, { atMs: T0 + 7 * MINUTE })]);
      expect((await store.report()).slots[0]).toMatchObject({
        enqueued: 2,
        succeeded: 2,
        lagSeconds: 7 * 60,
      });
    });
  });
}
