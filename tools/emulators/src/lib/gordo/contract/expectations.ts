import type { MachineFacts } from '../model/machine';
import { dumpsPython, type PyObject } from '../python/json';
import type { RawResponse } from '../testing/http';
import { close, firstMismatch, readResponseTable, type ResponseTable } from './table-view';

/** Assertions shared by the contract cases; they throw with a message that names what differs. */

export function fail(message: string): never {
  throw new Error(message);
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

export function expectMatch(actual: string | undefined, pattern: RegExp, what: string): void {
  if (actual === undefined || !pattern.test(actual))
    fail(`${what}: ${JSON.stringify(actual)} does not match ${pattern}`);
}

/** Status, `Content-Type: application/json` exactly, `revision` header and trailing key, Server-Timing. */
export function expectJson(res: RawResponse, status: number, revision: string): void {
  expectEqual(res.status, status, `status (body ${res.text.slice(0, 300)})`);
  expectEqual(res.headers['content-type'], 'application/json', 'content-type');
  expectEqual(res.headers['revision'], revision, 'revision header');
  expectMatch(res.headers['server-timing'], /^request_walltime_s;dur=\d+(\.\d+)?(e-\d+)?$/, 'server-timing');
  if (!res.text.endsWith(`"revision": "${revision}"}`))
    fail(`body does not end with the revision key: …${res.text.slice(-80)}`);
}

/** The exact body `{...fields, "revision": rev}` written the Python way. */
export function expectBody(res: RawResponse, status: number, revision: string, fields: PyObject): void {
  expectJson(res, status, revision);
  expectEqual(
    res.text,
    `${dumpsPython(fields, { sortKeys: true }).slice(0, -1)}${Object.keys(fields).length ? ', ' : ''}"revision": "${revision}"}`,
    'body',
  );
}

const PAGE_TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};
const GENERIC: Record<number, string> = {
  400: 'The browser (or proxy) sent a request that this server could not understand.',
  404: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  405: 'The method is not allowed for the requested URL.',
  500: 'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
};

/** Flask's HTML error page, exactly. */
export function expectPage(res: RawResponse, status: number, description = GENERIC[status] as string): void {
  expectEqual(res.status, status, `status (body ${res.text.slice(0, 200)})`);
  expectEqual(res.headers['content-type'], 'text/html; charset=utf-8', 'content-type');
  const escaped = description
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');
  const title = PAGE_TITLES[status] as string;
  expectEqual(
    res.text,
    `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${escaped}</p>\n`,
    'page',
  );
  if (res.headers['revision'] === undefined) fail('no revision header on an error page');
}

/** `{"message": …}` with a 400 (or another status). */
export function expectMessage(
  res: RawResponse,
  revision: string,
  message: string,
  status = 400,
  key = 'message',
): void {
  expectBody(res, status, revision, { [key]: message });
}

export const quoteList = (names: readonly string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;
const sortedStrings = (names: readonly string[]) => [...names].sort();

/** `2020-02-01 00:10:00+00:00` → `2020-02-01T00:10:00+00:00`, and that plus a span. */
export function isoOfKey(key: string): string {
  return key.replace(' ', 'T');
}

export function addMicros(iso: string, micros: number): string {
  const offset = /([+-]\d{2}:\d{2})$/.exec(iso)?.[1] ?? '';
  const base =
    Date.parse(offset ? iso : `${iso}Z`) +
    micros / 1000 +
    (offset
      ? (offset.startsWith('-') ? -1 : 1) *
        (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4))) *
        60_000
      : 0);
  return `${new Date(base).toISOString().slice(0, 19)}${offset}`;
}

export interface AnomalyExpectation {
  facts: MachineFacts;
  revision: string;
  X: number[][];
  y: number[][];
  keys: string[];
  allColumns?: boolean;
  route?: 'anomaly' | 'prediction';
}

const ANOMALY_GROUPS = [
  'tag-anomaly-scaled',
  'total-anomaly-scaled',
  'tag-anomaly-unscaled',
  'total-anomaly-unscaled',
];
const SMOOTH_GROUPS = [
  'smooth-tag-anomaly-scaled',
  'smooth-total-anomaly-scaled',
  'smooth-tag-anomaly-unscaled',
  'smooth-total-anomaly-unscaled',
];

/**
 * The table of a prediction response: groups, sub-keys, index keys, start/end, inputs echoed,
 * and on the anomaly route the §1.6 relations between output, anomalies and confidences.
 */
export function expectTable(res: RawResponse, e: AnomalyExpectation): ResponseTable {
  const route = e.route ?? 'anomaly';
  expectJson(res, 200, e.revision);
  const t = readResponseTable(res.text);
  expectEqual(
    t.keys,
    route === 'anomaly' ? ['data', 'time-seconds', 'revision'] : ['data', 'revision'],
    'top-level keys',
  );
  if (route === 'anomaly') expectMatch(t.body['time-seconds'] as string, /^\d+\.\d{4}$/, 'time-seconds');
  const { facts } = e;
  const thresholds = facts.featureThresholds !== null;
  const groups = ['start', 'end', 'model-input', 'model-output'];
  if (route === 'anomaly') {
    groups.push(...ANOMALY_GROUPS);
    if (e.allColumns && facts.window !== null) groups.push(...SMOOTH_GROUPS);
    if (thresholds) groups.push('anomaly-confidence');
    if (facts.aggregateThreshold !== null) groups.push('total-anomaly-confidence');
  }
  expectEqual(t.groups, sortedStrings(groups), 'groups (sorted)');
  for (const g of t.groups) {
    const perTag =
      g === 'model-input'
        ? facts.tags
        : /^(model-output|(smooth-)?tag-anomaly-|anomaly-confidence)/.test(g)
          ? facts.targets
          : null;
    expectEqual(t.subKeys(g), perTag ? sortedStrings(perTag) : [g], `sub-keys of ${g}`);
    for (const sub of t.subKeys(g))
      expectEqual(t.indexKeys(g, sub), sortedStrings(e.keys), `index keys of ${g}/${sub}`);
  }
  // positional keys ("0", "1", …) have no timestamps: start and end are null
  const positional = e.keys.every((k) => /^\d+$/.test(k));
  const starts = e.keys.map((k) => (positional ? null : isoOfKey(k)));
  expectEqual(t.column('start'), starts, 'start');
  const resolution = facts.resolutionMicros;
  expectEqual(
    t.column('end'),
    starts.map((s) =>
      route === 'anomaly' && resolution !== null && s !== null ? addMicros(s, resolution) : null,
    ),
    'end',
  );
  facts.tags.forEach((tag, j) =>
    expectEqual(
      t.column('model-input', tag),
      e.X.map((r) => r[j]),
      `model-input ${tag}`,
    ),
  );
  // Keys sorted at every level and numbers in Python's spelling: re-serializing sorted gives the same bytes.
  const { revision: _revision, ...rest } = t.body;
  expectEqual(
    `${dumpsPython(rest, { sortKeys: true }).slice(0, -1)}, "revision": "${e.revision}"}`,
    res.text,
    'sorted Python serialization',
  );
  if (route === 'anomaly') expectAnomalyRelations(t, e);
  return t;
}

function nums(t: ResponseTable, group: string, sub?: string): number[] {
  return t.column(group, sub).map((v) => (typeof v === 'number' ? v : NaN));
}

function expectSame(actual: number[], expected: number[], what: string, relative = 1e-9): void {
  const m = firstMismatch(actual, expected, relative);
  if (m) fail(`${what}: row ${m.row}: ${m.actual} != ${m.expected}`);
}

function expectAnomalyRelations(t: ResponseTable, e: AnomalyExpectation): void {
  const { facts } = e;
  const rows = e.keys.length;
  const tagUnscaled = facts.targets.map((tag) => nums(t, 'tag-anomaly-unscaled', tag));
  const tagScaled = facts.targets.map((tag) => nums(t, 'tag-anomaly-scaled', tag));
  facts.targets.forEach((tag, j) => {
    const out = nums(t, 'model-output', tag);
    expectSame(
      tagUnscaled[j] as number[],
      out.map((o, i) => Math.abs(o - ((e.y[i] as number[])[j] as number))),
      `tag-anomaly-unscaled ${tag} = |model-output − y|`,
    );
    // S is linear per tag, so scaled / unscaled is the same on every row.
    const ratios = (tagScaled[j] as number[])
      .map((s, i) => s / ((tagUnscaled[j] as number[])[i] as number))
      .filter((r, i) => ((tagUnscaled[j] as number[])[i] as number) > 1e-9 && Number.isFinite(r));
    if (ratios.length === 0 || ratios.some((r) => !close(r, ratios[0] as number, 1e-6)))
      fail(`tag-anomaly-scaled / tag-anomaly-unscaled is not constant for ${tag}: ${ratios.join(', ')}`);
  });
  const meanSquare = (columns: number[][]) =>
    Array.from(
      { length: rows },
      (_, i) => columns.reduce((s, c) => s + (c[i] as number) ** 2, 0) / columns.length,
    );
  expectSame(
    nums(t, 'total-anomaly-unscaled'),
    meanSquare(tagUnscaled),
    'total-anomaly-unscaled = mean of squared tag-anomaly-unscaled',
  );
  expectSame(
    nums(t, 'total-anomaly-scaled'),
    meanSquare(tagScaled),
    'total-anomaly-scaled = mean of squared tag-anomaly-scaled',
  );
  if (facts.featureThresholds) {
    facts.targets.forEach((tag, j) =>
      expectSame(
        nums(t, 'anomaly-confidence', tag),
        (tagUnscaled[j] as number[]).map((u) => u / (facts.featureThresholds?.[j] as number)),
        `anomaly-confidence ${tag} = unscaled / feature threshold`,
      ),
    );
  }
  if (facts.aggregateThreshold !== null) {
    const aggregate = facts.aggregateThreshold;
    expectSame(
      nums(t, 'total-anomaly-confidence'),
      nums(t, 'total-anomaly-scaled').map((s) => s / aggregate),
      'total-anomaly-confidence = total-anomaly-scaled / aggregate threshold',
    );
  }
  if (e.allColumns && facts.window !== null && facts.smoothingMethod !== null) {
    const roll = rolling(facts.smoothingMethod, facts.window);
    for (const [smooth, base] of [
      ['smooth-tag-anomaly-scaled', 'tag-anomaly-scaled'],
      ['smooth-tag-anomaly-unscaled', 'tag-anomaly-unscaled'],
    ] as const) {
      facts.targets.forEach((tag) =>
        expectSame(
          nums(t, smooth, tag),
          roll(nums(t, base, tag)),
          `${smooth} ${tag} = ${facts.smoothingMethod}(${base}, ${facts.window})`,
        ),
      );
    }
    expectSame(
      nums(t, 'smooth-total-anomaly-scaled'),
      roll(nums(t, 'total-anomaly-scaled')),
      'smooth-total-anomaly-scaled',
    );
    expectSame(
      nums(t, 'smooth-total-anomaly-unscaled'),
      roll(nums(t, 'total-anomaly-unscaled')),
      'smooth-total-anomaly-unscaled',
    );
  }
}

/** pandas rolling median/mean (NaN before a full window) and ewm(span).mean(), written independently of the emulator. */
function rolling(method: 'smm' | 'sma' | 'ewma', window: number): (values: number[]) => number[] {
  if (method === 'ewma') {
    const alpha = 2 / (window + 1);
    return (values) =>
      values.map((_, i) => {
        let num = 0;
        let den = 0;
        for (let k = 0; k <= i; k++) {
          const w = (1 - alpha) ** (i - k);
          num += w * (values[k] as number);
          den += w;
        }
        return num / den;
      });
  }
  return (values) =>
    values.map((_, i) => {
      if (i < window - 1) return NaN;
      const slice = values.slice(i - window + 1, i + 1).sort((a, b) => a - b);
      if (method === 'sma') return slice.reduce((a, b) => a + b, 0) / window;
      const mid = Math.floor(window / 2);
      return window % 2 ? (slice[mid] as number) : ((slice[mid - 1] as number) + (slice[mid] as number)) / 2;
    });
}
