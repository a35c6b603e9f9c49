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
});
