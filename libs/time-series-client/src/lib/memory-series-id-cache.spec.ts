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

  it('answers many keys at once as get does one by one, expiry included', async () => {
    let now = 0;
    const cache = new MemorySeriesIdCache({ ttlMs: 1000, now: () => now });
    await cache.set({ name: 'T1', facility: 'F1' }, 'id-1');
    now = 500;
    await cache.set({ name: 'T2', facility: 'F1' }, 'id-2');
    const keys = [{ name: 'T1', facility: 'F1' }, { name: 'T2', facility: 'F1' }, { name: 'T1' }];
    expect(await cache.getMany(keys)).toEqual(['id-1', 'id-2', undefined]);
    now = 1000;
    expect(await cache.getMany(keys)).toEqual([undefined, 'id-2', undefined]);
    expect(await cache.get({ name: 'T1', facility: 'F1' })).toBeUndefined();
  });

  it('keeps the joined-key semantics: keys that join alike share an entry, no facility is "None"', async () => {
    const cache = new MemorySeriesIdCache({ maxEntries: 3 });
    await cache.set({ name: 'b::c', facility: 'a' }, 'id-1');
    expect(await cache.get({ name: 'c', facility: 'a::b' })).toBe('id-1');
    await cache.set({ name: 'c', facility: 'a::b' }, 'id-2');
    expect(
      await cache.getMany([
        { name: 'b::c', facility: 'a' },
        { name: 'b', facility: 'a' },
      ]),
    ).toEqual(['id-2', undefined]);
    await cache.set({ name: 'T' }, 'id-3');
    expect(await cache.get({ name: 'T', facility: 'None' })).toBe('id-3');
    // Beyond maxEntries (3) the oldest goes: first the shared entry, then None::T.
    await cache.set({ name: 'T', facility: 'F' }, 'id-4');
    await cache.set({ name: 'U', facility: 'F' }, 'id-5');
    expect(
      await cache.getMany([{ name: 'c', facility: 'a::b' }, { name: 'T' }, { name: 'T', facility: 'F' }]),
    ).toEqual([undefined, 'id-3', 'id-4']);
    await cache.set({ name: 'V', facility: 'F' }, 'id-6');
    expect(
      await cache.getMany([{ name: 'T' }, { name: 'U', facility: 'F' }, { name: 'V', facility: 'F' }]),
    ).toEqual([undefined, 'id-5', 'id-6']);
  });
});
