import type { RawColumn, RawFrame } from './frame';
import type { PreparedInput } from './input';
import { formatPandasTimestamp, parsePandasTimestamp } from './pandas-time';

/** A response body that does not have the shape Gordo sends; the client reports GORDO_BAD_RESPONSE. */
export class ResponseShapeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ResponseShapeError';
  }
}

/**
 * The JSON request body in the Python client's shape: `{"X": {tag: {"<pandas timestamp>": v}}, "y": …}`.
 * Written by hand: one timestamp string per row shared by every column, no intermediate objects.
 */
export function encodeJsonRequest(x: PreparedInput, y: PreparedInput): string {
  const keys = Array.from(x.index, (t) => JSON.stringify(formatPandasTimestamp(t)));
  const xColumns = encodeColumns(x, keys);
  return `{"X": ${xColumns}, "y": ${y === x ? xColumns : encodeColumns(y, keys)}}`;
}

function encodeColumns(input: PreparedInput, keys: readonly string[]): string {
  const columns = input.tags.map((tag, j) => {
    const values = input.columns[j] as Float64Array;
    const cells = keys.map((key, i) => `${key}: ${values[i] as number}`);
    return `${JSON.stringify(tag)}: {${cells.join(', ')}}`;
  });
  return `{${columns.join(', ')}}`;
}

/**
 * Decodes `{"data": {group: {name: {"<index>": value}}}, "time-seconds": "0.0123", …}`.
 * Single-column groups come back as `{group: {group: …}}` and are renamed to `''` (as in parquet);
 * `start` is the index itself and `end` becomes epoch milliseconds.
 */
export function decodeJsonResponse(body: unknown): { frame: RawFrame; serverSeconds?: number } {
  const data = (body as { data?: unknown } | null)?.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new ResponseShapeError('the body has no "data" object');
  const groups = data as Record<string, unknown>;
  const keys = indexKeys(groups);
  const index = Float64Array.from(keys, (k) => parsePandasTimestamp(k));
  const badKey = index.findIndex(Number.isNaN);
  if (badKey >= 0) throw new ResponseShapeError(`row key ${JSON.stringify(keys[badKey])} is not a timestamp`);
  const position = new Map(keys.map((k, i) => [k, i]));

  let end: Float64Array = new Float64Array(keys.length).fill(NaN);
  const columns: RawColumn[] = [];
  for (const [group, value] of Object.entries(groups)) {
    if (group === 'start') continue;
    const names = Object.entries(asObject(value, group));
    for (const [name, cells] of names) {
      const where = `${group}/${name}`;
      if (group === 'end') {
        end = readCells(cells, keys, position, where, endTime);
        continue;
      }
      const single = names.length === 1 && name === group;
      columns.push({
        group,
        name: single ? '' : name,
        values: readCells(cells, keys, position, where, numeric),
      });
    }
  }
  const seconds = Number((body as Record<string, unknown>)['time-seconds']);
  return {
    frame: sortRows({ index, end, columns }),
    ...(Number.isFinite(seconds) ? { serverSeconds: seconds } : {}),
  };
}

/** Row keys, from `start` when present (every column shares the index), else the first column. */
function indexKeys(groups: Record<string, unknown>): string[] {
  const first = groups['start'] ?? Object.values(groups)[0];
  if (first === undefined) return [];
  const column = Object.values(asObject(first, 'first group'))[0];
  return column === undefined ? [] : Object.keys(asObject(column, 'first column'));
}

function readCells(
  cells: unknown,
  keys: readonly string[],
  position: ReadonlyMap<string, number>,
  where: string,
  convert: (v: unknown, where: string) => number,
): Float64Array {
  const out = new Float64Array(keys.length).fill(NaN);
  let expected = 0;
  for (const [key, value] of Object.entries(asObject(cells, where))) {
    // Columns list the rows in the same order, so the position usually matches without a lookup.
    const row = keys[expected] === key ? expected : position.get(key);
    if (row === undefined)
      throw new ResponseShapeError(`${where} has a row ${JSON.stringify(key)} the index lacks`);
    out[row] = convert(value, where);
    expected = row + 1;
  }
  return out;
}

function numeric(value: unknown, where: string): number {
  if (typeof value === 'number') return value;
  if (value === null) return NaN;
  throw new ResponseShapeError(`${where} holds ${JSON.stringify(value)}, not a number`);
}

function endTime(value: unknown, where: string): number {
  if (value === null) return NaN;
  const ms = typeof value === 'string' ? parsePandasTimestamp(value) : NaN;
  if (Number.isNaN(ms))
    throw new ResponseShapeError(`${where} holds ${JSON.stringify(value)}, not a timestamp`);
  return ms;
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ResponseShapeError(`${where} is not an object`);
  return value as Record<string, unknown>;
}

/** The server sorts rows by time; this only guards against a proxy or emulator that does not. */
function sortRows(frame: RawFrame): RawFrame {
  const { index } = frame;
  let sorted = true;
  for (let i = 1; i < index.length && sorted; i++) sorted = (index[i - 1] as number) <= (index[i] as number);
  if (sorted) return frame;
  const order = Array.from(index.keys()).sort((a, b) => (index[a] as number) - (index[b] as number));
  const permute = (values: Float64Array): Float64Array =>
    Float64Array.from(order, (i) => values[i] as number);
  return {
    index: permute(index),
    end: permute(frame.end),
    columns: frame.columns.map((c) => ({ ...c, values: permute(c.values) })),
  };
}
