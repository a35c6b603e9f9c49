import { MemoryLeaseStore, type LeaseStore } from '../state';
import { CaptureLogger } from '../testing/capture-logger.test-helpers';
import { FakeClock } from '../testing/fake-clock.test-helpers';
import { LeaderElector } from './leader-elector';

const TTL = 30_000;
const T0 = Date.parse('2026-03-10T10:00:00Z');

function elector(clock: FakeClock, store: LeaseStore, owner: string) {
  const logger = new CaptureLogger();
  const changes: boolean[] = [];
  const e = new LeaderElector({ store, owner, ttlMs: TTL, clock, logger });
  e.onChange((leader) => changes.push(leader));
  return { e, logger, changes };
}

/** Runs an elector until `stop` is called. */
function run(clock: FakeClock, e: LeaderElector) {
  const abort = new AbortController();
  const running = e.run(abort.signal);
  return {
    stop: async () => {
      abort.abort();
      await clock.advance(0);
      await running;
    },
  };
}

describe('LeaderElector', () => {
  it('makes exactly one of two processes the leader, and keeps it by renewing', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryLeaseStore(clock);
    const a = elector(clock, store, 'a');
    const b = elector(clock, store, 'b');
    const ra = run(clock, a.e);
    const rb = run(clock, b.e);
    await clock.advance(0);
    expect([a.e.isLeader(), b.e.isLeader()]).toEqual([true, false]);
    await clock.advance(10 * TTL);
    expect([a.e.isLeader(), b.e.isLeader()]).toEqual([true, false]);
    expect(b.logger.messages()).toEqual(['standing by: another scheduler is the leader']);
    await Promise.all([ra.stop(), rb.stop()]);
  });

  it('lets the standby take over within one lease period after the leader dies', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryLeaseStore(clock);
    const b = elector(clock, store, 'b');
    // "a" dies: from then on it neither renews nor releases (its calls never return).
    let dead = false;
    const dying: LeaseStore = {
      acquire: (o, t) => (dead ? new Promise(() => undefined) : store.acquire(o, t)),
      renew: (o, t) => (dead ? new Promise(() => undefined) : store.renew(o, t)),
      release: async () => false,
    };
    const aDying = elector(clock, dying, 'a');
    run(clock, aDying.e);
    const rb = run(clock, b.e);
    await clock.advance(25_000);
    dead = true;
    const diedAt = clock.now();
    let tookOverAt: number | undefined;
    b.e.onChange((leader) => (tookOverAt ??= leader ? clock.now() : undefined));
    await clock.advance(2 * TTL);
    expect(b.e.isLeader()).toBe(true);
    expect((tookOverAt ?? Infinity) - diedAt).toBeLessThanOrEqual(TTL);
    // The dead leader no longer counts itself leader once its lease may have expired.
    expect(aDying.e.isLeader()).toBe(false);
    await rb.stop();
  });

  it('hands over at once when the leader releases the lease on shutdown', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryLeaseStore(clock);
    const a = elector(clock, store, 'a');
    const b = elector(clock, store, 'b');
    const ra = run(clock, a.e);
    const rb = run(clock, b.e);
    await clock.advance(1000);
    await ra.stop();
    expect(a.changes).toEqual([true, false]);
    await clock.advance(b.e.renewEveryMs);
    expect(b.e.isLeader()).toBe(true);
    await rb.stop();
  });

  it('steps down when it cannot renew before 90% of the TTL, and takes its own lease back after', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryLeaseStore(clock);
    let unreachable = false;
    const flaky: LeaseStore = {
      acquire: (o, t) => (unreachable ? Promise.reject(new Error('ECONNREFUSED')) : store.acquire(o, t)),
      renew: (o, t) => (unreachable ? Promise.reject(new Error('ECONNREFUSED')) : store.renew(o, t)),
      release: (o) => store.release(o),
    };
    const a = elector(clock, flaky, 'a');
    const ra = run(clock, a.e);
    await clock.advance(0);
    unreachable = true;
    await clock.advance(TTL * 0.9 - 1);
    expect(a.e.isLeader()).toBe(true);
    await clock.advance(1);
    expect(a.e.isLeader()).toBe(false);
    // Redis comes back before the lease expired: the same lease is renewed, not waited out.
    unreachable = false;
    await clock.advance(a.e.renewEveryMs);
    expect(a.e.isLeader()).toBe(true);
    expect(a.changes).toEqual([true, false, true]);
    await ra.stop();
  });
});
