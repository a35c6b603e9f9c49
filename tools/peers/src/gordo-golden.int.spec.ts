import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requirePeerEnv } from './peer-env';

// Integration: replays the golden exchanges recorded from the real Gordo server
// (tools/peers/gordo/record-golden.sh) against the server the global setup started, so a drift
// in the peer (versions, models, revisions) fails here before it confuses a client test.

interface Golden {
  note: string;
  request: { method: string; path: string; headers: Record<string, string>; body: string | null };
  response: { status: number; headers: [string, string][]; body: string };
  volatile: string[];
}

const goldenDir = join(__dirname, '..', 'gordo', 'golden');
const goldens = readdirSync(goldenDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, golden: JSON.parse(readFileSync(join(goldenDir, file), 'utf8')) as Golden }));

/** Gordo writes bare NaN into JSON; read it as null so bodies compare structurally. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text.replace(/\bNaN\b/g, 'null'));
  } catch {
    return text; // e.g. the HTML 404 page
  }
}

function dropVolatile(body: unknown, volatile: string[]): unknown {
  if (body === null || typeof body !== 'object') return body;
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const entry of volatile.filter((v) => v.startsWith('response body '))) {
    const path = entry.slice('response body '.length).split('.');
    let node: Record<string, unknown> | undefined = copy;
    for (const key of path.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
    if (node) delete node[path[path.length - 1] as string];
  }
  return copy;
}

describe('real Gordo server matches its golden responses', () => {
  const baseUrl = () => requirePeerEnv('LATIGO_TEST_GORDO_URL');

  it('has a golden file for every route class (models, revisions, metadata, anomaly, 4xx)', () => {
    expect(goldens.map((g) => g.golden.response.status).sort()).toEqual(expect.arrayContaining([200, 400, 404, 410, 422]));
  });

  it.each(goldens)('$file', async ({ file, golden }) => {
    if (file.startsWith('17-')) {
      // The DELETE exchange needs the extra revision the recording created as a copy of the old one.
      const collection = requirePeerEnv('LATIGO_TEST_GORDO_COLLECTION_DIR');
      const [oldest] = requirePeerEnv('LATIGO_TEST_GORDO_REVISIONS').split(',');
      cpSync(join(collection, oldest as string), join(collection, '1700000000500'), { recursive: true });
    }
    const { method, path, headers, body } = golden.request;
    const res = await fetch(`${baseUrl()}${path}`, { method, headers, ...(body === null ? {} : { body }) });
    const text = await res.text();
    expect(res.status).toBe(golden.response.status);
    expect(dropVolatile(parseBody(text), golden.volatile)).toEqual(dropVolatile(parseBody(golden.response.body), golden.volatile));
  });
});
