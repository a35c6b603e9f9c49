import { requirePeerEnv } from '@latigo/peers';
import { createClient } from 'redis';
import { SchedulerStateError } from './errors';
import { RedisLeaseStore, RedisSlotStore, schedulerKeys } from './redis-state';

describe('Redis lease and slot stores (real Redis)', () => {
  const redis = createClient({ url: requirePeerEnv('LATIGO_TEST_REDIS_URL') });
  let keys: { lease: string; lastSlot: string };
  beforeAll(() => redis.connect());
  afterAll(() => redis.close());
  beforeEach(() => {
    keys = schedulerKeys(`test:${Date.now()}:${Math.random().toString(36).slice(2)}:`, 'latigo-scheduler');
  });

  it('takes the lease with SET NX PX; another owner sees the holder and the time left', async () => {
    const a = new RedisLeaseStore(redis, keys.lease);
    expect(await a.acquire('a', 5000)).toEqual({ acquired: true });
    const seen = await new RedisLeaseStore(redis, keys.lease).acquire('b', 5000);
    expect(seen).toMatchObject({ acquired: false, holder: 'a' });
    expect(!seen.acquired && seen.expiresInMs).toBeGreaterThan(4000);
    expect(await redis.get(keys.lease)).toBe('a');
  });

  it('renews and releases only for the holder (compare-and-set)', async () => {
    const store = new RedisLeaseStore(redis, keys.lease);
    await store.acquire('a', 1000);
    expect(await store.renew('b', 60_000)).toBe(false);
    expect(await store.release('b')).toBe(false);
    expect(await redis.pTTL(keys.lease)).toBeLessThanOrEqual(1000);
    expect(await store.renew('a', 60_000)).toBe(true);
    expect(await redis.pTTL(keys.lease)).toBeGreaterThan(59_000);
    expect(await store.release('a')).toBe(true);
    expect(await redis.exists(keys.lease)).toBe(0);
    expect(await store.acquire('b', 1000)).toEqual({ acquired: true });
  });

  it('lets the lease expire when not renewed, so another owner can take it', async () => {
    const store = new RedisLeaseStore(redis, keys.lease);
    await store.acquire('a', 50);
    await new Promise((r) => setTimeout(r, 80));
    expect(await store.renew('a', 1000)).toBe(false);
    expect(await store.acquire('b', 1000)).toEqual({ acquired: true });
  });

  it('records the last slot as epoch ms, only forward, without expiry', async () => {
    const store = new RedisSlotStore(redis, keys.lastSlot);
    expect(await store.lastDone()).toBeUndefined();
    await store.markDone(1_773_136_800_000);
    await store.markDone(1_773_135_000_000);
    expect(await store.lastDone()).toBe(1_773_136_800_000);
    expect(await redis.get(keys.lastSlot)).toBe('1773136800000');
    expect(await redis.pTTL(keys.lastSlot)).toBe(-1);
  });

  it('fails with SCHEDULER_STATE_INVALID on a record that is not epoch ms', async () => {
    await redis.set(keys.lastSlot, '2026-03-10T10:00:00Z');
    const error = await new RedisSlotStore(redis, keys.lastSlot).lastDone().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchedulerStateError);
    expect(error).toMatchObject({
      code: 'SCHEDULER_STATE_INVALID',
      message: expect.stringContaining(keys.lastSlot),
    });
  });
});
