import { MemorySeriesIdCache } from './memory-series-id-cache';

describe('MemorySeriesIdCache', () => {
  it('keys by facility and name, and forgets entries after the TTL', async () => {
    let now = 0;
    const cache = new MemorySeriesIdCache({ ttlMs: 1000, now: () => now });
    await cache.set({ name: 'T1', facility: 'F1' }, 'id-1');
    expect(await cache.get({ name: 'T1', facility: 'F1' })).toBe('id-1');
    expect(await cache.get({ name: 'T1' })).toBeUndefined();
    now = 1000;
    expect(await cache.get({ name: 'T1', facility: 'F1' })).toBeUndefined();
  });

  it('drops the least recently written entry beyond maxEntries', async () => {
    const cache = new MemorySeriesIdCache({ maxEntries: 2 });
    await cache.set({ name: 'a' }, '1');
    await cache.set({ name: 'b' }, '2');
    await cache.set({ name: 'a' }, '1');
    await cache.set({ name: 'c' }, '3');
    expect([
      await cache.get({ name: 'a' }),
      await cache.get({ name: 'b' }),
      await cache.get({ name: 'c' }),
    ]).toEqual(['1', undefined, '3']);
  });
});
