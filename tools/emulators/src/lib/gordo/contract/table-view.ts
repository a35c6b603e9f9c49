import {
  isPyObject,
  keysInOrder,
  numberValue,
  parsePythonJson,
  type PyJson,
  type PyObject,
} from '../python/json';

/** A JSON prediction response read back: groups → sub-keys → index keys → values, in wire order. */
export interface ResponseTable {
  /** Top-level keys in order (`data`, `time-seconds`, `revision`). */
  keys: string[];
  body: PyObject;
  groups: string[];
  /** Sub-keys of a group in wire order. */
  subKeys(group: string): string[];
  /** Index keys of one column in wire order. */
  indexKeys(group: string, sub?: string): string[];
  /** Values of one column in index-key order (numbers; NaN for bare NaN; null stays null). */
  column(group: string, sub?: string): (number | string | boolean | null)[];
}

export function readResponseTable(text: string): ResponseTable {
  const body = parsePythonJson(text) as PyObject;
  const data = (isPyObject(body['data']) ? body['data'] : {}) as PyObject;
  const group = (name: string): PyObject => (isPyObject(data[name]) ? data[name] : {});
  const cells = (name: string, sub?: string): PyObject => {
    const g = group(name);
    const c = g[sub ?? name];
    return isPyObject(c) ? c : {};
  };
  return {
    keys: keysInOrder(body),
    body,
    groups: keysInOrder(data),
    subKeys: (name) => keysInOrder(group(name)),
    indexKeys: (name, sub) => keysInOrder(cells(name, sub)),
    column: (name, sub) => {
      const c = cells(name, sub);
      return keysInOrder(c).map((k) => {
        const v = c[k] as PyJson;
        const n = numberValue(v);
        if (n !== undefined) return n;
        return v === null || typeof v === 'string' || typeof v === 'boolean' ? v : null;
      });
    },
  };
}

/** |a − b| within a relative tolerance (and a tiny absolute one near zero); NaN equals NaN. */
export function close(a: number, b: number, relative = 1e-9): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b)) + 1e-15;
}

/** The first row where `actual` and `expected` differ, or undefined when they agree. */
export function firstMismatch(
  actual: readonly number[],
  expected: readonly number[],
  relative = 1e-9,
): { row: number; actual: number; expected: number } | undefined {
  if (actual.length !== expected.length) return { row: -1, actual: actual.length, expected: expected.length };
  for (let i = 0; i < actual.length; i++) {
    if (!close(actual[i] as number, expected[i] as number, relative))
      return { row: i, actual: actual[i] as number, expected: expected[i] as number };
  }
  return undefined;
}
