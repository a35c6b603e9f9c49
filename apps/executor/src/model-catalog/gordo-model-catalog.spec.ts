import { DatasetError, type GordoClient } from '@latigo/gordo-client';
import { modelMetadata } from '../testing/fakes.test-helpers';
import { GordoClientPool } from './gordo-client-pool';
import { GordoModelCatalog } from './gordo-model-catalog';

/** Stands in for a project's GordoClient: answers revisions and metadata, counting the calls. */
function fakeGordo() {
  const calls: string[] = [];
  let latest = '1';
  let failNext = false;
  const client = {
    getRevisions: async () => {
      calls.push('revisions');
      if (failNext) {
        failNext = false;
        throw new Error('503');
      }
      return { latest, available: [latest] };
    },
    getMetadata: async (model: string, revision: string) => {
      calls.push(`metadata ${model}@${revision}`);
      return modelMetadata({
        name: model,
        inputs: ['a'],
        ...(model === 'odd' ? { rowFilter: ['sin(a) > 0'] } : {}),
      });
    },
  };
  return {
    calls,
    pool: new GordoClientPool(() => client as unknown as GordoClient),
    setLatest: (r: string) => (latest = r),
    failOnce: () => (failNext = true),
  };
}

describe('GordoModelCatalog', () => {
  it('reuses the latest revision for its TTL, shares one request between concurrent tasks, and refreshes on demand', async () => {
    let now = 0;
    const gordo = fakeGordo();
    const catalog = new GordoModelCatalog(gordo.pool, { revisionTtlMs: 30_000, now: () => now });
    expect(await Promise.all([catalog.latestRevision('p'), catalog.latestRevision('p')])).toEqual(['1', '1']);
    gordo.setLatest('2');
    now = 29_999;
    expect(await catalog.latestRevision('p')).toBe('1');
    expect(await catalog.latestRevision('p', { fresh: true })).toBe('2');
    now = 70_000;
    gordo.setLatest('3');
    expect(await catalog.latestRevision('p')).toBe('3');
    expect(gordo.calls).toEqual(['revisions', 'revisions', 'revisions']);
  });

  it('does not keep a failed revision lookup', async () => {
    const gordo = fakeGordo();
    const catalog = new GordoModelCatalog(gordo.pool, { revisionTtlMs: 30_000 });
    gordo.failOnce();
    await expect(catalog.latestRevision('p')).rejects.toThrow('503');
    expect(await catalog.latestRevision('p')).toBe('1');
  });

  it('fetches and plans a model once per revision', async () => {
    const gordo = fakeGordo();
    const catalog = new GordoModelCatalog(gordo.pool, { revisionTtlMs: 0 });
    const spec = await catalog.model('p', 'm', '1');
    expect(spec).toMatchObject({ project: 'p', model: 'm', revision: '1', plan: { tags: ['a'] } });
    await catalog.model('p', 'm', '1');
    await catalog.model('p', 'm', '2');
    expect(gordo.calls).toEqual(['metadata m@1', 'metadata m@2']);
  });

  it('rejects a model whose dataset cannot be honoured, and asks again next time', async () => {
    const gordo = fakeGordo();
    const catalog = new GordoModelCatalog(gordo.pool, { revisionTtlMs: 0 });
    await expect(catalog.model('p', 'odd', '1')).rejects.toBeInstanceOf(DatasetError);
    await expect(catalog.model('p', 'odd', '1')).rejects.toMatchObject({ code: 'DATASET_UNSUPPORTED' });
    expect(gordo.calls).toEqual(['metadata odd@1', 'metadata odd@1']);
  });
});
