import { type RedisLike, RedisSeriesIdCache } from './redis-series-id-cache';

/** A Redis in a Map that records the commands sent. */
function fakeRedis(values: Record<string, string | object>, withMGet: boolean) {
  const calls: Array<[string, ...unknown[]]> = [];
  const redis: RedisLike = {
    get: async (key) => {
      calls.push(['get', key]);
      return values[key] ?? null;
    },
    set: async (key, value) => {
      calls.push(['set', key, value]);
      values[key] = value;
      return 'OK';
    },
    ...(withMGet
      ? {
          mGet: async (keys: string[]) => {
            calls.push(['mGet', keys]);
            return keys.map((key) => values[key] ?? null);
          },
        }
      : {}),
  };
  return { redis, calls };
}

describe('RedisSeriesIdCache', () => {
  const keys = [
    { name: 'T1', facility: 'F1' },
    { name: 'T2' },
    { name: 'T3', facility: 'F1' },
    { name: 'T4', facility: 'F1' },
  ];
  const stored = { 'p:F1::T1': 'id-1', 'p:None::T2': 'id-2', 'p:F1::T4': { not: 'a string' } };

  it('answers many keys with one MGET of the prefixed keys, in order, misses and non-strings undefined', async () => {
    const { redis, calls } = fakeRedis({ ...stored }, true);
    const cache = new RedisSeriesIdCache(redis, { keyPrefix: 'p:' });
    expect(await cache.getMany(keys)).toEqual(['id-1', 'id-2', undefined, undefined]);
    expect(calls).toEqual([['mGet', ['p:F1::T1', 'p:None::T2', 'p:F1::T3', 'p:F1::T4']]]);
  });

  it('falls back to a GET per key when the client has no mGet', async () => {
    const { redis, calls } = fakeRedis({ ...stored }, false);
    const cache = new RedisSeriesIdCache(redis, { keyPrefix: 'p:' });
    expect(await cache.getMany(keys)).toEqual(['id-1', 'id-2', undefined, undefined]);
    expect(calls).toEqual([
      ['get', 'p:F1::T1'],
      ['get', 'p:None::T2'],
      ['get', 'p:F1::T3'],
      ['get', 'p:F1::T4'],
    ]);
  });

  it('answers an empty key list without asking Redis', async () => {
    for (const withMGet of [true, false]) {
      const { redis, calls } = fakeRedis({ ...stored }, withMGet);
      expect(await new RedisSeriesIdCache(redis).getMany([])).toEqual([]);
      expect(calls).toEqual([]);
    }
  });

  it('reads back what it wrote, under the default prefix', async () => {
    const { redis } = fakeRedis({}, true);
    const cache = new RedisSeriesIdCache(redis);
    await cache.set({ name: 'T1', facility: 'F1' }, 'id-1');
    expect(await cache.get({ name: 'T1', facility: 'F1' })).toBe('id-1');
    expect(await cache.getMany([{ name: 'T1', facility: 'F1' }, { name: 'T1' }])).toEqual([
      'id-1',
      undefined,
    ]);
  });
});
