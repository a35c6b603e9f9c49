import { Agent } from 'undici';
import { GordoClient, type GordoClientOptions, type Prediction } from './client';
import { GordoError } from './errors';
import type { InputFrame } from './input';
import type { ModelMetadata } from './metadata';
import { RecordingProxy } from './recording-proxy.test-helpers';

/** A Gordo to test against, serving the peers' model collection (tools/peers/gordo/models). */
export interface GordoTarget {
  url: string;
  project: string;
  /** The old revision (diff-3tags only) and the latest (all four models). */
  oldRevision: string;
  latestRevision: string;
  /** Copies the old revision under a new number, and removes it again (to see a pinned revision vanish). */
  scratchRevision?: { create(): Promise<string>; remove(revision: string): Promise<void> };
  close(): Promise<void>;
}

const MINUTE = 60_000;
const START = Date.UTC(2020, 1, 1);

/** Deterministic rows in [0.1, 0.9], one column per tag, at `stepMs` from 2020-02-01. */
export function syntheticInput(tags: readonly string[], rows: number, stepMs: number): InputFrame {
  const index = Float64Array.from({ length: rows }, (_, i) => START + i * stepMs);
  const columns = new Map(
    tags.map((tag, j) => [
      tag,
      Float64Array.from(
        { length: rows },
        (_, i) => Math.round((0.5 + 0.4 * Math.sin(i / 7 + j)) * 1e4) / 1e4,
      ),
    ]),
  );
  return { index, columns };
}

const tags = (n: number): string[] => Array.from({ length: n }, (_, i) => `tag-${i + 1}`);

const ANOMALY_GROUPS = [
  'model-input',
  'model-output',
  'tag-anomaly-scaled',
  'total-anomaly-scaled',
  'tag-anomaly-unscaled',
  'total-anomaly-unscaled',
  'anomaly-confidence',
  'total-anomaly-confidence',
];

function column(p: Prediction, group: string, name: string): Float64Array {
  const values = p.frame.columns.get(group)?.get(name);
  if (!values) throw new Error(`no column ${group}/${name}`);
  return values;
}

/** Same layout and the same numbers (NaN equal to NaN). */
function expectSameFrames(a: Prediction, b: Prediction): void {
  expect(a.frame.index).toEqual(b.frame.index);
  expect(a.frame.end).toEqual(b.frame.end);
  expect([...a.frame.columns.keys()]).toEqual([...b.frame.columns.keys()]);
  for (const [group, names] of a.frame.columns) {
    expect([...names.keys()]).toEqual([...(b.frame.columns.get(group)?.keys() ?? [])]);
    for (const [name, values] of names) expect(values).toEqual(column(b, group, name));
  }
}

/**
 * The client's integration suite, for any Gordo target (real server, emulator): discovery,
 * typed metadata, predictions in both transports, batching, pinning, the per-model 422 fallback,
 * 404/410 without retries, retried 503s, and a sign-in page answered with 200.
 */
export function describeGordoClientSuite(name: string, makeTarget: () => Promise<GordoTarget>): void {
  describe(`GordoClient against ${name}`, () => {
    let target: GordoTarget;
    let proxy: RecordingProxy;
    let dispatcher: Agent;

    beforeAll(async () => {
      target = await makeTarget();
      proxy = await RecordingProxy.start(target.url);
      dispatcher = new Agent();
    });
    afterAll(async () => {
      await dispatcher?.close();
      await proxy?.close();
      await target?.close();
    });
    beforeEach(() => proxy.reset());

    const client = (options: Partial<GordoClientOptions> = {}) =>
      new GordoClient({
        baseUrl: `${proxy.url}/gordo/v0/`,
        project: target.project,
        dispatcher,
        retry: { maxAttempts: 3, baseDelayMs: 1 },
        ...options,
      });
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (e: unknown) => e,
      );

    it('lists revisions (latest, numerically ascending), models per revision and the expected models', async () => {
      const gordo = client();
      const revisions = await gordo.getRevisions();
      expect(revisions.latest).toBe(target.latestRevision);
      expect(revisions.available).toEqual(
        expect.arrayContaining([target.oldRevision, target.latestRevision]),
      );
      expect(revisions.available.indexOf(target.oldRevision)).toBeLessThan(
        revisions.available.indexOf(target.latestRevision),
      );
      expect(await gordo.getModels(target.latestRevision)).toEqual({
        revision: target.latestRevision,
        models: ['diff-10tags', 'diff-25tags', 'diff-3tags', 'plain-3tags'],
      });
      expect(await gordo.getModels(target.oldRevision)).toEqual({
        revision: target.oldRevision,
        models: ['diff-3tags'],
      });
      expect(await gordo.getExpectedModels()).toEqual(
        expect.arrayContaining(['diff-3tags', 'diff-10tags', 'diff-25tags', 'plain-3tags']),
      );
      // Pinned: the models of the old revision were asked for with its number.
      expect(
        proxy.requests.filter((r) => r.path.endsWith('/models')).map((r) => r.query.get('revision')),
      ).toEqual([target.latestRevision, target.oldRevision]);
    });

    it.each([
      ['diff-3tags', 3, 3, '10T', 10 * MINUTE, true],
      ['diff-10tags', 10, 4, '10T', 10 * MINUTE, true],
      ['diff-25tags', 25, 25, '1T', MINUTE, true],
      ['plain-3tags', 3, 3, '10T', 10 * MINUTE, false],
    ])(
      'types the metadata of %s (%i inputs, %i targets, %s)',
      async (model, inputs, targets, text, ms, anomaly) => {
        const metadata = await client().getMetadata(model, target.latestRevision);
        expect(metadata).toMatchObject({ name: model, revision: target.latestRevision, modelOffset: 0 });
        expect(metadata.inputTags.map((t) => t.name)).toEqual(tags(inputs));
        expect(metadata.targetTags.map((t) => t.name)).toEqual(tags(targets));
        expect(metadata.dataset.resolution).toEqual({ text, ms });
        expect(metadata.dataset.interpolation).toEqual({
          method: 'linear_interpolation',
          limit: { text: '48H', ms: 48 * 60 * MINUTE },
        });
        expect(metadata.dataset.aggregationMethods).toEqual(['mean']);
        expect(metadata.dataset.rowFilter).toEqual([]);
        expect(metadata.trainStart).toEqual(new Date('2020-01-01T00:00:00Z'));
        if (anomaly) {
          expect(metadata.thresholds.feature).toHaveLength(targets);
          expect(metadata.thresholds.aggregate).toEqual(expect.any(Number));
          expect(metadata.thresholds).toMatchObject({ window: 6, smoothingMethod: 'smm' });
        } else {
          expect(metadata.thresholds).toEqual({});
        }
      },
    );

    it.each([
      { model: 'diff-3tags', inputs: 3, targets: 3, rows: 144, step: 10 * MINUTE, batchSize: 50, batches: 3 },
      {
        model: 'diff-10tags',
        inputs: 10,
        targets: 4,
        rows: 144,
        step: 10 * MINUTE,
        batchSize: 50,
        batches: 3,
      },
      {
        model: 'diff-25tags',
        inputs: 25,
        targets: 25,
        rows: 1440,
        step: MINUTE,
        batchSize: 1000,
        batches: 2,
      },
    ])(
      'predicts $model over $rows rows in $batches batches, JSON and parquet giving the same numbers in tag order',
      async ({ model, inputs, targets, rows, step, batchSize, batches }) => {
        const X = syntheticInput(tags(inputs), rows, step);
        const json = await client({ format: 'json', batchSize }).predict({ model, X });
        const parquet = await client({ format: 'parquet', batchSize }).predict({ model, X });
        expect(proxy.count('POST', `/${model}/anomaly/prediction`)).toBe(2 * batches);
        expect(proxy.requests.filter((r) => r.method === 'POST').map((r) => r.query.get('format'))).toEqual([
          ...Array<string>(batches).fill('json'),
          ...Array<string>(batches).fill('parquet'),
        ]);
        expect([json.batches, parquet.batches, json.route, json.revision]).toEqual([
          batches,
          batches,
          'anomaly',
          target.latestRevision,
        ]);
        expectSameFrames(json, parquet);

        const frame = json.frame;
        expect(frame.index).toEqual(X.index);
        expect(frame.end).toEqual(frame.index.map((t) => t + step));
        expect([...frame.columns.keys()]).toEqual(ANOMALY_GROUPS);
        expect([...(frame.columns.get('model-input')?.keys() ?? [])]).toEqual(tags(inputs));
        expect([...(frame.columns.get('anomaly-confidence')?.keys() ?? [])]).toEqual(tags(targets));
        expect([...(frame.columns.get('total-anomaly-scaled')?.keys() ?? [])]).toEqual(['']);
        expect(column(json, 'model-input', `tag-${inputs}`)).toEqual(
          (X.columns as Map<string, Float64Array>).get(`tag-${inputs}`),
        );
        // Names really match values: confidence = |output − y| / threshold of that very tag.
        const thresholds = json.metadata.thresholds.feature as readonly number[];
        const last = `tag-${targets}`;
        const expected = column(json, 'tag-anomaly-unscaled', last).map(
          (d) => d / (thresholds[targets - 1] as number),
        );
        column(json, 'anomaly-confidence', last).forEach((v, i) =>
          expect(v).toBeCloseTo(expected[i] as number, 9),
        );
      },
    );

    it('keeps the smooth-* columns with allColumns, reading the bare NaN of the first window as NaN', async () => {
      const X = syntheticInput(tags(3), 12, 10 * MINUTE);
      const json = await client({ format: 'json' }).predict({ model: 'diff-3tags', X, allColumns: true });
      const parquet = await client({ format: 'parquet' }).predict({
        model: 'diff-3tags',
        X,
        allColumns: true,
      });
      expectSameFrames(json, parquet);
      expect([...json.frame.columns.keys()]).toEqual(
        expect.arrayContaining(['smooth-tag-anomaly-scaled', 'smooth-total-anomaly-unscaled']),
      );
      const smooth = Array.from(column(json, 'smooth-total-anomaly-scaled', ''));
      expect(smooth.map(Number.isNaN)).toEqual([
        ...Array<boolean>(5).fill(true),
        ...Array<boolean>(7).fill(false),
      ]);
      expect(
        proxy.requests.filter((r) => r.method === 'POST').map((r) => r.query.get('all_columns')),
      ).toEqual(['true', 'true']);
    });

    it('pins every call to the requested revision: the old diff-3tags gives other numbers', async () => {
      const X = syntheticInput(tags(3), 12, 10 * MINUTE);
      const gordo = client({ format: 'json' });
      const old = await gordo.predict({ model: 'diff-3tags', revision: target.oldRevision, X });
      const latest = await gordo.predict({ model: 'diff-3tags', X });
      expect([old.revision, latest.revision]).toEqual([target.oldRevision, target.latestRevision]);
      expect(column(old, 'model-output', 'tag-1')).not.toEqual(column(latest, 'model-output', 'tag-1'));
      const posted = proxy.requests.filter((r) => r.method === 'POST').map((r) => r.query.get('revision'));
      expect(posted).toEqual([target.oldRevision, target.latestRevision]);
    });

    it('falls back to /prediction for the plain model only, and remembers it for that model', async () => {
      const gordo = client({ format: 'json', batchSize: 50, parallelism: 2 });
      const [plain, diff] = await Promise.all([
        gordo.predict({ model: 'plain-3tags', X: syntheticInput(tags(3), 144, 10 * MINUTE) }),
        gordo.predict({ model: 'diff-10tags', X: syntheticInput(tags(10), 144, 10 * MINUTE) }),
      ]);
      expect([plain.route, diff.route]).toEqual(['prediction', 'anomaly']);
      expect([...plain.frame.columns.keys()]).toEqual(['model-input', 'model-output']);
      expect(plain.frame.index).toHaveLength(144);
      expect(plain.frame.end.every(Number.isNaN)).toBe(true); // /prediction sends no end
      expect([...diff.frame.columns.keys()]).toEqual(ANOMALY_GROUPS);
      expect(proxy.count('POST', '/diff-10tags/anomaly/prediction')).toBe(3);
      expect(proxy.count('POST', '/diff-10tags/prediction')).toBe(0);
      expect(proxy.count('POST', '/plain-3tags/prediction')).toBe(3);
      const refused = proxy.count('POST', '/plain-3tags/anomaly/prediction');
      expect(refused).toBeGreaterThanOrEqual(1); // batches already in flight may each meet the 422
      expect(refused).toBeLessThanOrEqual(2);

      await gordo.predict({ model: 'plain-3tags', X: syntheticInput(tags(3), 10, 10 * MINUTE) });
      expect(proxy.count('POST', '/plain-3tags/anomaly/prediction')).toBe(refused);
    });

    it("predicts several models as Python's predict does: metadata first, one request at a time, a failing model reported in order", async () => {
      const gordo = client({ parallelism: 1, batchSize: 6, format: 'parquet' });
      const inputOf = (meta: ModelMetadata) => ({
        X: syntheticInput(
          meta.inputTags.map((t) => t.name),
          14,
          10 * MINUTE,
        ),
      });
      const seen: string[] = [];
      const outcomes = await gordo.predictModels({
        models: ['diff-3tags', 'no-such-model', 'diff-10tags'],
        input: (meta) => {
          seen.push(meta.name);
          return inputOf(meta);
        },
      });
      expect(outcomes.map((o) => [o.model, o.ok])).toEqual([
        ['diff-3tags', true],
        ['no-such-model', false],
        ['diff-10tags', true],
      ]);
      expect(outcomes[1]).toMatchObject({ error: { code: 'GORDO_MODEL_NOT_FOUND' } });
      expect(seen).toEqual(['diff-3tags', 'diff-10tags']);
      // Every metadata before the first prediction, and never two requests at once.
      const firstPost = proxy.requests.findIndex((r) => r.method === 'POST');
      expect(proxy.requests.slice(0, firstPost).map((r) => r.path.split('/').at(-1))).toEqual([
        'revisions',
        'metadata',
        'metadata',
        'metadata',
      ]);
      expect(proxy.count('POST', '/anomaly/prediction')).toBe(6); // 14 rows in batches of 6, twice
      expect(proxy.peakInFlight).toBe(1);
      for (const outcome of outcomes) {
        if (!outcome.ok) continue;
        const meta = await gordo.getMetadata(outcome.model);
        expectSameFrames(outcome.prediction, await gordo.predict({ model: outcome.model, ...inputOf(meta) }));
      }
    });

    it('reports a missing revision as GORDO_REVISION_GONE and an unknown model as GORDO_MODEL_NOT_FOUND, without retries', async () => {
      const gordo = client();
      const gone = await failure(gordo.getMetadata('diff-3tags', '1699999999999'));
      expect(gone).toBeInstanceOf(GordoError);
      expect(gone).toMatchObject({
        code: 'GORDO_REVISION_GONE',
        retryable: false,
        context: { project: target.project, model: 'diff-3tags', revision: '1699999999999', status: 410 },
      });
      const X = syntheticInput(tags(3), 4, 10 * MINUTE);
      expect(
        await failure(gordo.predict({ model: 'diff-3tags', revision: '1699999999999', X })),
      ).toMatchObject({
        code: 'GORDO_REVISION_GONE',
      });
      expect(await failure(gordo.getMetadata('no-such-model', target.latestRevision))).toMatchObject({
        code: 'GORDO_MODEL_NOT_FOUND',
        context: { status: 404 },
      });
      expect(
        await failure(gordo.predict({ model: 'plain-3tags', revision: target.oldRevision, X })),
      ).toMatchObject({
        code: 'GORDO_MODEL_NOT_FOUND',
      });
      expect(proxy.requests.map((r) => r.status)).toEqual([410, 410, 404, 404]);
    });

    it('retries a 503 on a prediction (parquet body sent again) and gives up on a sign-in page at once', async () => {
      const gordo = client({ format: 'parquet' });
      const X = syntheticInput(tags(3), 6, 10 * MINUTE);
      await gordo.getMetadata('diff-3tags');
      let refusals = 2;
      proxy.fault = (r) =>
        r.method === 'POST' && refusals-- > 0
          ? { status: 503, contentType: 'text/html', body: 'busy' }
          : undefined;
      const ok = await gordo.predict({ model: 'diff-3tags', X });
      expect(ok.frame.index).toHaveLength(6);
      expect(proxy.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([503, 503, 200]);

      proxy.reset();
      proxy.fault = () => ({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: '<html><title>Sign in to your account</title></html>',
      });
      const page = await failure(gordo.predict({ model: 'diff-3tags', X }));
      expect(page).toMatchObject({ code: 'GORDO_BAD_RESPONSE', retryable: false, context: { status: 200 } });
      expect((page as Error).message).toContain('Sign in to your account');
      expect(await failure(client().getRevisions())).toMatchObject({ code: 'GORDO_BAD_RESPONSE' });
      expect(proxy.requests).toHaveLength(2);
    });

    it('fails a prediction pinned to a revision removed after its metadata was read with GORDO_REVISION_GONE', async () => {
      if (!target.scratchRevision) return;
      const revision = await target.scratchRevision.create();
      const gordo = client();
      await gordo.getMetadata('diff-3tags', revision);
      await target.scratchRevision.remove(revision);
      const error = await failure(
        gordo.predict({ model: 'diff-3tags', revision, X: syntheticInput(tags(3), 4, 10 * MINUTE) }),
      );
      expect(error).toMatchObject({ code: 'GORDO_REVISION_GONE', context: { revision, status: 410 } });
    });
  });
}
