import { generateCollection } from './collection/generate';
import { decodeParquet } from './contract/parquet-view';
import { readResponseTable } from './contract/table-view';
import { GordoEmulator } from './emulator';
import { tableToParquet } from './parquet';
import { multipartBody, send } from './testing/http';

// What the contract suite does not cover: the emulator framework (counts, faults), model options
// the real test collection lacks (offset, ewma, no window), and parquet with a non-UTC index.

const TAGS = ['a-1', 'a-2'];
const P = '/gordo/v0/any';

describe('GordoEmulator', () => {
  let emulator: GordoEmulator;
  beforeAll(async () => {
    emulator = new GordoEmulator({
      collection: generateCollection({
        revisions: ['1'],
        models: [
          { name: 'offset', tags: TAGS, modelOffset: 2 },
          { name: 'ewma', tags: TAGS, window: 3, smoothingMethod: 'ewma' },
          { name: 'no-window', tags: TAGS, window: null, thresholds: false },
        ],
      }),
    });
    await emulator.listen();
  });
  afterAll(() => emulator.close());

  const rows = (n: number) => Array.from({ length: n }, (_, i) => [0.1 * i, 0.2 * i]);
  const post = (path: string, body: unknown) =>
    send(emulator.url, 'POST', path, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('counts requests per route template and fails the first anomaly POST with an injected 503', async () => {
    emulator.server.requests.reset();
    emulator.server.faults.add({
      route: 'POST /gordo/v0/:project/:model/anomaly/prediction',
      serverErrorRate: 1,
      times: 1,
    });
    const first = await post(`${P}/ewma/anomaly/prediction`, { X: rows(3), y: rows(3) });
    const second = await post(`${P}/ewma/anomaly/prediction`, { X: rows(3), y: rows(3) });
    await send(emulator.url, 'GET', `${P}/models`);
    expect([first.status, second.status]).toEqual([503, 200]);
    expect(emulator.server.requests.snapshot().routes).toEqual({
      'POST /gordo/v0/:project/:model/anomaly/prediction': { count: 2, statuses: { '200': 1, '503': 1 } },
      'GET /gordo/v0/:project/models': { count: 1, statuses: { '200': 1 } },
    });
  });

  it('answers a sign-in page with 200 when the HTML fault hits, as a proxy in front of Gordo would', async () => {
    emulator.server.faults.add({ route: 'GET /gordo/v0/:project/revisions', htmlPageRate: 1, times: 1 });
    const res = await send(emulator.url, 'GET', `${P}/revisions`);
    expect([res.status, res.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
  });

  it('with a model offset answers only the last rows, inputs and targets aligned to them', async () => {
    const t = readResponseTable(
      (await post(`${P}/offset/anomaly/prediction`, { X: rows(5), y: rows(5) })).text,
    );
    expect(t.indexKeys('model-input', 'a-1')).toEqual(['2', '3', '4']);
    expect(t.column('model-input', 'a-2')).toEqual([0.4, 0.6000000000000001, 0.8]);
  });

  it('smooths with ewma from the first row (no NaN) when the metadata says ewma', async () => {
    const res = await send(emulator.url, 'POST', `${P}/ewma/anomaly/prediction?all_columns`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ X: rows(4), y: rows(4) }),
    });
    const t = readResponseTable(res.text);
    expect(
      t.column('smooth-total-anomaly-scaled').every((v) => typeof v === 'number' && !Number.isNaN(v)),
    ).toBe(true);
  });

  it('has no smooth-* or confidence groups for a model without window and thresholds, even with all_columns', async () => {
    const res = await send(emulator.url, 'POST', `${P}/no-window/anomaly/prediction?all_columns=true`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ X: rows(2), y: rows(2) }),
    });
    expect(readResponseTable(res.text).groups).toEqual([
      'end',
      'model-input',
      'model-output',
      'start',
      'tag-anomaly-scaled',
      'tag-anomaly-unscaled',
      'total-anomaly-scaled',
      'total-anomaly-unscaled',
    ]);
  });

  it('broadcasts a single y row and answers 500 when y has fewer rows otherwise (numpy broadcasting)', async () => {
    expect((await post(`${P}/ewma/anomaly/prediction`, { X: rows(3), y: rows(1) })).status).toBe(200);
    expect((await post(`${P}/ewma/anomaly/prediction`, { X: rows(3), y: rows(2) })).status).toBe(500);
  });

  it('keeps a +01:00 parquet index: JSON keys and start carry the offset, parquet out has tz +01:00', async () => {
    const stamps = [0, 1].map((i) => ({ micros: Date.UTC(2020, 1, 1, 1, 10 * i) * 1000, offset: 60 }));
    const part = tableToParquet({
      labels: TAGS,
      positionalLabels: false,
      columns: TAGS.map((_, j) => ({ dtype: 'float' as const, values: [0.1 * j, 0.2 * j] })),
      index: { kind: 'datetime', offset: 60, stamps },
    });
    const body = multipartBody({ X: part, y: part });
    const json = await send(emulator.url, 'POST', `${P}/ewma/anomaly/prediction`, {
      headers: { 'content-type': body.contentType },
      body: body.body,
    });
    expect(readResponseTable(json.text).column('start')).toEqual([
      '2020-02-01T01:00:00+01:00',
      '2020-02-01T01:10:00+01:00',
    ]);
    const parquet = await send(emulator.url, 'POST', `${P}/ewma/anomaly/prediction?format=parquet`, {
      headers: { 'content-type': body.contentType },
      body: body.body,
    });
    expect(decodeParquet(parquet.body).columns.find((c) => c.name === '__index_level_0__')?.type).toBe(
      'Timestamp<NANOSECOND, +01:00>',
    );
  });

  it('serves the layout of the real test collection when built without options (the embedded default)', async () => {
    const standalone = new GordoEmulator();
    const url = await standalone.listen();
    try {
      const res = await send(url, 'GET', '/gordo/v0/latigo-test/models');
      expect(res.text).toBe(
        '{"models": ["diff-25tags", "diff-3tags", "diff-10tags", "plain-3tags"], "revision": "1700000001000"}',
      );
    } finally {
      await standalone.close();
    }
  });
});
