import { MemorySeriesIdCache } from '@latigo/time-series-client';
import { MemoryLogger } from '../testing/fakes.test-helpers';
import { bestEffortDoneMarkers, bestEffortSeriesIdCache, CacheFailureLog } from './best-effort';

describe('best-effort cache', () => {
  const broken = {
    get: () => Promise.reject(new Error('ECONNREFUSED')),
    set: () => Promise.reject(new Error('ECONNREFUSED')),
  };
  const hanging = { exists: () => new Promise<boolean>(() => undefined) };

  it('answers a miss when Redis fails, and logs why once for the outage, not per operation', async () => {
    const logger = new MemoryLogger();
    const cache = bestEffortSeriesIdCache(broken, { logger, timeoutMs: 1000 });
    expect(await cache.get({ name: 'tag-1', facility: '1903' })).toBeUndefined();
    for (let i = 0; i < 100; i++)
      await expect(cache.set({ name: `tag-${i}`, facility: '1903' }, 'id')).resolves.toBeUndefined();
    expect(logger.lines.map((l) => [l.level, l.operation, l['error']])).toEqual([
      ['warn', 'series-id get', 'ECONNREFUSED'],
    ]);
  });

  it('reminds of a lasting outage at most once per interval, with the count, and logs its end', () => {
    const logger = new MemoryLogger();
    let now = 0;
    const failures = new CacheFailureLog(logger, 60_000, () => now);
    for (; now < 150_000; now += 1000) failures.failed('cache: operation failed', { operation: 'x' });
    failures.answered();
    failures.answered();
    expect(
      logger.lines.map((l) => [l.level, l.message, l['failuresSinceLastLine'], l['failingForMs']]),
    ).toEqual([
      ['warn', 'cache: operation failed', undefined, undefined],
      ['warn', 'cache: operation failed', 59, 60_000],
      ['warn', 'cache: operation failed', 59, 120_000],
      ['info', 'cache: answering again', 29, undefined],
    ]);
    expect(logger.lines[3]?.['failedForMs']).toBe(150_000);
  });

  it('answers "not done" when Redis does not answer in time', async () => {
    const logger = new MemoryLogger();
    const markers = bestEffortDoneMarkers(
      { isDone: () => hanging.exists(), markDone: async () => undefined },
      { logger, timeoutMs: 10 },
    );
    expect(await markers.isDone('p/m/a/b')).toBe(false);
    expect(logger.lines[0]).toMatchObject({ message: 'cache: no answer in time, going on without it' });
  });

  it('passes answers through when the cache works', async () => {
    const cache = bestEffortSeriesIdCache(new MemorySeriesIdCache(), {
      logger: new MemoryLogger(),
      timeoutMs: 1000,
    });
    await cache.set({ name: 'tag-1', facility: '1903' }, 'id-1');
    expect(await cache.get({ name: 'tag-1', facility: '1903' })).toBe('id-1');
    expect(
      await cache.getMany?.([
        { name: 'tag-1', facility: '1903' },
        { name: 'tag-2', facility: '1903' },
      ]),
    ).toEqual(['id-1', undefined]);
  });

  it('answers misses for many keys when Redis fails, with or without getMany, and logs once', async () => {
    const logger = new MemoryLogger();
    const keys = [{ name: 'tag-1', facility: '1903' }, { name: 'tag-2' }];
    for (const failing of [broken, { ...broken, getMany: () => Promise.reject(new Error('ECONNREFUSED')) }])
      expect(await bestEffortSeriesIdCache(failing, { logger, timeoutMs: 1000 }).getMany?.(keys)).toEqual([
        undefined,
        undefined,
      ]);
    expect(logger.lines.map((l) => [l.level, l.operation])).toEqual([
      ['warn', 'series-id get'],
      ['warn', 'series-id get'],
    ]);
  });
});
