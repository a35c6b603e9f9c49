import { isPyObject, keysInOrder, parsePythonJson, PyFloat, type PyJson } from '../python/json';
import type { RawResponse } from '../testing/http';
import { decodeParquet, type DecodedParquet } from './parquet-view';

/** A way the emulator is allowed to answer differently from the real server, and why. */
export interface KnownDifference {
  id: string;
  what: string;
  why: string;
}

/**
 * Every accepted difference between the emulator and the real Gordo 6.0.4 server, in one place.
 * The contract suite's reference comparison masks exactly these (see {@link normalizeResponse});
 * any other difference fails.
 */
export const KNOWN_DIFFERENCES = [
  {
    id: 'model-numbers',
    what: 'numbers in model-output, tag-/total-anomaly-(un)scaled, smooth-*, anomaly-confidence and total-anomaly-confidence (JSON and parquet); NaN stays NaN',
    why: "the emulator's model is a linear function stored in (or derived from) the metadata, not the pickled scikit-learn model; the suite checks the §1.6 relations between these numbers on both sides instead",
  },
  {
    id: 'timings',
    what: 'the value of Server-Timing and of "time-seconds"',
    why: 'wall-clock measurements; only their format is compared',
  },
  {
    id: 'transport-headers',
    what: 'Date, Server (gunicorn), Connection, Keep-Alive, Transfer-Encoding, Content-Length, and the reason phrase (NOT FOUND vs Not Found)',
    why: 'Node.js http instead of gunicorn/werkzeug; Content-Length follows the body, which is compared itself',
  },
  {
    id: 'allow-order',
    what: 'the order of the methods in the Allow header of a 405',
    why: "werkzeug joins a Python set, whose order changes with each process's hash seed; the emulator sorts them",
  },
  {
    id: 'listing-order',
    what: 'the order of "models" and "available-revisions"',
    why: 'the server lists directories in os.listdir order, which no API promises; the emulator keeps its own listing order',
  },
  {
    id: 'download-model-bytes',
    what: 'the pickle bytes of /download-model (only the pickle protocol header is compared)',
    why: 'the real server re-pickles the model it unpickled (so its bytes differ from model.pkl on disk); the emulator serves model.pkl as stored, or a pickled str for generated models',
  },
  {
    id: 'parquet-encoding',
    what: 'parquet bytes (writer, created_by, page and dictionary layout, statistics)',
    why: 'written by parquet-wasm (arrow-rs) instead of pyarrow 14; schema, pandas metadata, index and values are compared after decoding',
  },
] as const satisfies readonly KnownDifference[];

export type KnownDifferenceId = (typeof KNOWN_DIFFERENCES)[number]['id'];

const MODEL_GROUPS =
  /^(model-output|(smooth-)?(tag|total)-anomaly-(scaled|unscaled)|(total-)?anomaly-confidence)$/;
const LISTINGS = new Set(['models', 'available-revisions']);
const TRANSPORT_HEADERS = new Set([
  'date',
  'server',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
]);

/** The parts of a response the reference comparison looks at, with the known differences masked. */
export interface NormalizedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function maskModelNumbers(value: PyJson, masked: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => maskModelNumbers(v, masked));
  if (isPyObject(value)) {
    return keysInOrder(value).map((k) => {
      const v = value[k] as PyJson;
      if (LISTINGS.has(k) && Array.isArray(v)) return [k, [...(v as string[])].sort()]; // listing-order
      return [k, maskModelNumbers(v, masked || MODEL_GROUPS.test(k))];
    });
  }
  if (masked && (typeof value === 'number' || value instanceof PyFloat))
    return Number.isNaN(value) ? 'NaN' : '<model-number>'; // model-numbers
  return value;
}

function maskParquet(decoded: DecodedParquet): unknown {
  return {
    ...decoded,
    columns: decoded.columns.map((c) => {
      const group = /^\('([^']*)'/.exec(c.name)?.[1] ?? '';
      return MODEL_GROUPS.test(group)
        ? {
            ...c,
            values: c.values.map((v) => (typeof v === 'number' && !Number.isNaN(v) ? '<model-number>' : v)),
          }
        : c; // model-numbers
    }),
  };
}

/** Status, headers and body with exactly the {@link KNOWN_DIFFERENCES} masked. */
export function normalizeResponse(response: RawResponse): NormalizedResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (TRANSPORT_HEADERS.has(name)) continue; // transport-headers
    if (name === 'server-timing')
      headers[name] = value.replace(/dur=[0-9.e+-]+$/, 'dur=<seconds>'); // timings
    else if (name === 'allow')
      headers[name] = value.split(', ').sort().join(', '); // allow-order
    else headers[name] = value;
  }
  const type = response.headers['content-type'] ?? '';
  let body: unknown;
  if (type === 'application/json') {
    const value = parsePythonJson(response.text);
    if (isPyObject(value) && typeof value['time-seconds'] === 'string') value['time-seconds'] = '<seconds>'; // timings
    body = maskModelNumbers(value, false);
  } else if (
    type === 'application/octet-stream' &&
    response.body.subarray(0, 4).toString('latin1') === 'PAR1'
  ) {
    body = maskParquet(decodeParquet(response.body)); // parquet-encoding
  } else if (type.startsWith('text/')) body = response.text;
  else body = { pickleHeader: response.body.subarray(0, 2).toString('hex') }; // download-model-bytes
  return { status: response.status, headers, body };
}
