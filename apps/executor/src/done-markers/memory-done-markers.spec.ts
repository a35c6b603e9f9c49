import { MemoryDoneMarkers } from './memory-done-markers';

describe('MemoryDoneMarkers', () => {
  it('remembers a task until its TTL passes', async () => {
    let now = 0;
    const markers = new MemoryDoneMarkers({ ttlMs: 1000, now: () => now });
    expect(await markers.isDone('p/m/a/b')).toBe(false);
    await markers.markDone('p/m/a/b');
    now = 999;
    expect(await markers.isDone('p/m/a/b')).toBe(true);
    now = 1000;
    expect(await markers.isDone('p/m/a/b')).toBe(false);
  });

  it('forgets the oldest markers beyond the size limit', async () => {
    const markers = new MemoryDoneMarkers({ ttlMs: 1000, maxEntries: 2, now: () => 0 });
    for (const id of ['a', 'b', 'c']) await markers.markDone(id);
    expect([await markers.isDone('a'), await markers.isDone('b'), await markers.isDone('c')]).toEqual([
      false,
      true,
      true,
    ]);
  });
});
