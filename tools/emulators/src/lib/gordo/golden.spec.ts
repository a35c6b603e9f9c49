import { generateCollection, peerLikeCollectionOptions } from './collection/generate';
import { GordoEmulator } from './emulator';
import {
  dumpsPython,
  isPyObject,
  keysInOrder,
  parsePythonJson,
  type PyJson,
  type PyObject,
} from './python/json';
import { goldenHeader, loadGoldens, type GoldenExchange } from './testing/goldens';
import { send } from './testing/http';

// Byte-layout checks against exchanges recorded from the real server (tools/peers/gordo/golden):
// the serializer must rewrite them byte for byte, and the emulator, serving a generated copy of
// the same collection layout, must answer the same bytes wherever no model number is involved.

const goldens = loadGoldens();
const byPrefix = (prefix: string) => goldens.find((g) => g.file.startsWith(prefix)) as GoldenExchange;
const jsonGoldens = goldens.filter((g) => goldenHeader(g, 'content-type') === 'application/json');

/** The body without its trailing `"revision"` key, re-serialized in its own key order, plus the key again. */
function reserialize(text: string): string {
  const value = parsePythonJson(text) as PyObject;
  const revision = value['revision'] as string;
  const rest: PyObject = {};
  for (const key of keysInOrder(value)) if (key !== 'revision') rest[key] = value[key] as PyJson;
  return `${dumpsPython(rest).slice(0, -1)}, "revision": ${JSON.stringify(revision)}}`;
}

const MODEL_GROUPS =
  /^(model-output|(smooth-)?(tag|total)-anomaly-(scaled|unscaled)|(total-)?anomaly-confidence)$/;

/** Keys in order at every level, with model-dependent numbers replaced (their NaN-ness kept). */
function layout(value: PyJson, group?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => layout(v, group));
  if (isPyObject(value))
    return keysInOrder(value).map((k) => [
      k,
      layout(value[k] as PyJson, group ?? (MODEL_GROUPS.test(k) ? k : undefined)),
    ]);
  if (group !== undefined && typeof value === 'number') return Number.isNaN(value) ? 'NaN' : '<number>';
  return value;
}

function dataLayout(text: string): unknown {
  const value = parsePythonJson(text) as PyObject;
  if (typeof value['time-seconds'] === 'string') value['time-seconds'] = '<seconds>';
  return layout(value);
}

describe('golden responses of the real Gordo server', () => {
  let emulator: GordoEmulator;
  let url: string;
  beforeAll(async () => {
    emulator = new GordoEmulator({ collection: generateCollection(peerLikeCollectionOptions()) });
    url = await emulator.listen();
  });
  afterAll(() => emulator.close());

  const replay = (g: GoldenExchange) =>
    send(url, g.request.method, g.request.path, { headers: g.request.headers, body: g.request.body });

  it('the Python serializer rewrites every recorded JSON body byte for byte (floats, NaN, key order, separators)', () => {
    expect(jsonGoldens.length).toBeGreaterThanOrEqual(18);
    for (const g of jsonGoldens)
      expect({ file: g.file, body: reserialize(g.response.body) }).toEqual({
        file: g.file,
        body: g.response.body,
      });
  });

  it.each(['01', '02', '03', '04', '05', '06', '15', '16', '19', '20', '21'])(
    'answers golden %s with the same status, content type, revision header and bytes',
    async (prefix) => {
      const g = byPrefix(prefix);
      const res = await replay(g);
      expect({
        status: res.status,
        type: res.headers['content-type'],
        revision: res.headers['revision'],
        body: res.text,
      }).toEqual({
        status: g.response.status,
        type: goldenHeader(g, 'content-type'),
        revision: goldenHeader(g, 'revision'),
        body: g.response.body,
      });
      expect(res.headers['server-timing']).toMatch(/^request_walltime_s;dur=\d/);
    },
  );

  it.each(['08', '09', '10', '11', '12', '13', '14'])(
    'answers golden %s with the same JSON layout and the same inputs, start and end',
    async (prefix) => {
      const g = byPrefix(prefix);
      const res = await replay(g);
      expect(res.status).toBe(g.response.status);
      expect(res.headers['revision']).toBe(goldenHeader(g, 'revision'));
      expect(dataLayout(res.text)).toEqual(dataLayout(g.response.body));
    },
  );

  it('deletes a throwaway revision and then answers 410 for it, as recorded (goldens 17 and 18)', async () => {
    emulator.collection.copyRevision('1700000000000', '1700000000500');
    for (const prefix of ['17', '18']) {
      const g = byPrefix(prefix);
      const res = await replay(g);
      expect({ status: res.status, body: res.text }).toEqual({
        status: g.response.status,
        body: g.response.body,
      });
    }
  });

  it('serves generated metadata with the key structure of a gordo-built model (golden 07)', async () => {
    const g = byPrefix('07');
    const res = await replay(g);
    const tags = /^(tag-\d+)$/;
    // Tag names become placeholders, so documents with other tags compare; the emulator's own key is set aside.
    const skeleton = (value: PyJson): unknown => {
      if (Array.isArray(value)) return value.length > 0 ? [skeleton(value[0] as PyJson)] : [];
      if (!isPyObject(value)) return typeof value;
      const keys = keysInOrder(value).filter((k) => k !== 'latigo-emulator');
      return Object.fromEntries(
        keys
          .map((k) => [
            k.replace(/tag-\d+/, '<tag>'),
            tags.test(k) && k !== 'tag-1' ? undefined : skeleton(value[k] as PyJson),
          ])
          .filter(([, v]) => v !== undefined),
      );
    };
    const real = parsePythonJson(g.response.body) as PyObject;
    const emulated = parsePythonJson(res.text) as PyObject;
    expect(keysInOrder(emulated)).toEqual(keysInOrder(real));
    expect(skeleton(emulated)).toEqual(skeleton(real));
    expect((emulated['metadata'] as PyObject)['name']).toBe('diff-3tags');
  });
});
