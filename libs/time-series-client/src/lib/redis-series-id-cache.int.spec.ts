import { requirePeerEnv } from '@latigo/peers';
import { createClient } from 'redis';
import { RedisSeriesIdCache } from './redis-series-id-cache';

describe('RedisSeriesIdCache (real Redis)', () => {
  const redis = createClient({ url: requirePeerEnv('LATIGO_TEST_REDIS_URL') });
  beforeAll(() => redis.connect());
  afterAll(() => redis.close());

  it('stores ids under a prefixed facility::name key with the TTL, shared by every client', async () => {
    const prefix = `test:${Date.now()}:`;
    const writer = new RedisSeriesIdCache(redis, { keyPrefix: prefix, ttlSeconds: 120 });
    await writer.set({ name: '1903.R-29TE3001.MA_Y', facility: '1903' }, 'series-1');
    const reader = new RedisSeriesIdCache(redis, { keyPrefix: prefix });
    expect(await reader.get({ name: '1903.R-29TE3001.MA_Y', facility: '1903' })).toBe('series-1');
    expect(await reader.get({ name: '1903.R-29TE3001.MA_Y' })).toBeUndefined();
    expect(
      await reader.getMany([
        { name: '1903.R-29TE3001.MA_Y' },
        { name: '1903.R-29TE3001.MA_Y', facility: '1903' },
        { name: 'unknown', facility: '1903' },
      ]),
    ).toEqual([undefined, 'series-1', undefined]);
    const ttl = await redis.ttl(`${prefix}1903::1903.R-29TE3001.MA_Y`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it('answers many keys with one MGET, in order, misses undefined', async () => {
    const prefix = `test:${Date.now()}:many:`;
    const cache = new RedisSeriesIdCache(redis, { keyPrefix: prefix });
    const keys = Array.from({ length: 120 }, (_, i) => ({ name: `tag-${i}`, facility: '1903' }));
    for (const [i, key] of keys.entries()) if (i % 3 === 0) await cache.set(key, `id-${i}`);
    const mGet = jest.spyOn(redis, 'mGet');
    const get = jest.spyOn(redis, 'get');
    try {
      expect(await cache.getMany(keys)).toEqual(keys.map((_, i) => (i % 3 === 0 ? `id-${i}` : undefined)));
      expect(mGet).toHaveBeenCalledTimes(1);
      expect(mGet).toHaveBeenCalledWith(keys.map((key) => `${prefix}1903::${key.name}`));
      expect(get).not.toHaveBeenCalled();
    } finally {
      mGet.mockRestore();
      get.mockRestore();
    }
  });
});
