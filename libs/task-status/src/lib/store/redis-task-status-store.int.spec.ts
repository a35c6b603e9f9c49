import { requirePeerEnv } from '@latigo/peers';
import { createClient } from 'redis';
import {
  describeTaskStatusStoreConformance,
  event,
  T0,
  TestClock,
} from '../testing/conformance.test-helpers';
import { RedisTaskStatusStore } from './redis-task-status-store';

const redis = createClient({ url: requirePeerEnv('LATIGO_TEST_REDIS_URL') });
beforeAll(() => redis.connect());
afterAll(() => redis.close());

let run = 0;
const prefixOf = () => `test:${process.pid}:${Date.now()}:${run++}:task-status:`;

async function keysUnder(prefix: string): Promise<string[]> {
  return (await redis.keys(`${prefix}*`)).sort();
}

describeTaskStatusStoreConformance('redis (real Redis)', async (limits, clock) => {
  const prefix = prefixOf();
  return {
    store: new RedisTaskStatusStore(redis, { keyPrefix: prefix, limits, now: clock.now }),
    cleanup: async () => {
      const keys = await keysUnder(prefix);
      if (keys.length) await redis.del(keys);
    },
  };
});

describe('RedisTaskStatusStore (real Redis)', () => {
  it('puts a TTL of the retention on every key, and deletes the keys of trimmed slots', async () => {
    const prefix = prefixOf();
    const clock = new TestClock(T0 + 3600_000);
    const store = new RedisTaskStatusStore(redis, {
      keyPrefix: prefix,
      limits: { retentionMs: 2 * 3600_000, maxSlots: 1 },
      now: clock.now,
    });
    await store.write([
      {
        kind: 'expectation',
        expectation: { slot: new Date(T0).toISOString(), project: 'p1', models: ['a'] },
      },
      { kind: 'event', event: event('a', 'succeeded', T0) },
    ]);
    const keys = await keysUnder(prefix);
    expect(keys).toEqual(
      [
        'freshness',
        `model:p1/a`,
        'slot:' + T0 + ':p1:expected',
        'slot:' + T0 + ':p1:tasks',
        'slot:' + T0 + ':projects',
        'slots',
      ].map((k) => prefix + k),
    );
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(7000);
      expect(ttl).toBeLessThanOrEqual(7200);
    }
    await store.write([{ kind: 'event', event: event('a', 'succeeded', T0 + 1800_000) }]);
    expect((await keysUnder(prefix)).filter((k) => k.includes(`slot:${T0}:`))).toEqual([]);
    await redis.del(await keysUnder(prefix));
  });

  it('loads its scripts again after Redis forgot them (SCRIPT FLUSH, restart)', async () => {
    const prefix = prefixOf();
    const store = new RedisTaskStatusStore(redis, { keyPrefix: prefix, now: () => T0 + 60_000 });
    await store.write([{ kind: 'event', event: event('a', 'running', T0) }]);
    await redis.scriptFlush();
    await store.write([{ kind: 'event', event: event('a', 'succeeded', T0, { atMs: T0 + 120_000 }) }]);
    expect((await store.report({ now: new Date(T0 + 180_000) })).slots[0]).toMatchObject({ succeeded: 1 });
    await redis.del(await keysUnder(prefix));
  });
});
