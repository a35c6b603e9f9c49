import { GordoHttpError } from '../errors';
import { isPyObject, keysInOrder, PyFloat, type PyJson, type PyObject } from '../python/json';
import { pyTupleRepr } from '../python/repr';
import { permuteRows, type Cell, type Column, type Dtype, type RowIndex, type Table } from './table';
import { instantMicros, parseIsoTimestamp, type Timestamp } from './timestamps';

/**
 * Turns the `X`/`y` value of a JSON request into a table the way the server's pandas code does:
 * list of rows (columns by position), records, dict of lists, dict of index-dicts (the Python
 * client's shape); index keys parsed as ISO timestamps, else as integers; rows sorted by index.
 * Shapes pandas cannot build are a 500 page; two-level column dicts are a 400.
 */
export function tableFromJson(value: PyJson): Table {
  if (Array.isArray(value)) return fromArray(value);
  if (isPyObject(value)) return fromObject(value);
  throw GordoHttpError.crash();
}

function fromArray(items: PyJson[]): Table {
  if (items.length === 0)
    return {
      labels: [],
      positionalLabels: false,
      columns: [],
      index: { kind: 'int', values: [], range: false },
    };
  if (items.every(Array.isArray)) {
    const rows = items as PyJson[][];
    const width = Math.max(...rows.map((r) => r.length));
    const columns = Array.from({ length: width }, (_, c) =>
      column(rows.map((r) => (c < r.length ? (r[c] as PyJson) : null))),
    );
    return positional(
      columns.map((_, i) => String(i)),
      true,
      columns,
      rows.length,
    );
  }
  if (items.every(isPyObject)) {
    const records = items as PyObject[];
    const labels: string[] = [];
    const seen = new Set<string>();
    for (const record of records) {
      for (const key of keysInOrder(record)) {
        if (!seen.has(key)) {
          seen.add(key);
          labels.push(key);
        }
      }
    }
    return positional(
      labels,
      false,
      labels.map((l) => column(records.map((r) => (Object.hasOwn(r, l) ? (r[l] as PyJson) : null)))),
      records.length,
    );
  }
  if (items.some((i) => Array.isArray(i) || isPyObject(i))) throw GordoHttpError.crash();
  // A flat list is one column named 0, one value per row.
  return positional(['0'], true, [column(items)], items.length);
}

function fromObject(object: PyObject): Table {
  const keys = keysInOrder(object);
  if (keys.length === 0)
    return {
      labels: [],
      positionalLabels: false,
      columns: [],
      index: { kind: 'int', values: [], range: false },
    };
  const values = keys.map((k) => object[k] as PyJson);
  if (values.some(isPyObject)) {
    if (!values.every(isPyObject)) throw GordoHttpError.crash();
    const inner = values as PyObject[];
    const nested = inner.every((v) => {
      const innerValues = keysInOrder(v).map((k) => v[k] as PyJson);
      return innerValues.length > 0 && innerValues.every((x) => isPyObject(x));
    });
    if (nested) {
      const tuples = keys.flatMap((k, i) =>
        keysInOrder(inner[i] as PyObject).map((sub) => pyTupleRepr([k, sub])),
      );
      throw GordoHttpError.badRequest(
        `Server does not support multi-level dataframes at this time: [${tuples.join(', ')}]`,
      );
    }
    if (inner.some((v) => keysInOrder(v).some((k) => isPyObject(v[k]) || Array.isArray(v[k]))))
      throw GordoHttpError.crash();
    return fromIndexDicts(keys, inner);
  }
  const lists = values.filter(Array.isArray) as PyJson[][];
  if (lists.length === 0) throw GordoHttpError.crash(); // "If using all scalar values, you must pass an index"
  const length = (lists[0] as PyJson[]).length;
  if (lists.some((l) => l.length !== length)) throw GordoHttpError.crash();
  // Scalars next to lists are broadcast, as pandas does.
  const columns = values.map((v) => column(Array.isArray(v) ? v : Array.from({ length }, () => v)));
  return positional(keys, false, columns, length);
}

function fromIndexDicts(labels: string[], columns: PyObject[]): Table {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    for (const k of keysInOrder(c)) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const table: Table = {
    labels,
    positionalLabels: false,
    columns: columns.map((c) => column(keys.map((k) => (Object.hasOwn(c, k) ? (c[k] as PyJson) : null)))),
    index: parseIndexKeys(keys),
  };
  return sortByIndex(table);
}

function positional(labels: string[], positionalLabels: boolean, columns: Column[], rows: number): Table {
  // The server casts the positional index to integers as well: it is no longer a RangeIndex.
  return {
    labels,
    positionalLabels,
    columns,
    index: { kind: 'int', values: Array.from({ length: rows }, (_, i) => i), range: false },
  };
}

/** pandas' dtype inference for one column of JSON values (null is NaN and makes a column float). */
export function column(values: PyJson[]): Column {
  let ints = 0;
  let floats = 0;
  let bools = 0;
  let strings = 0;
  const cells: Cell[] = values.map((v) => {
    if (typeof v === 'number') {
      if (Number.isInteger(v)) ints++;
      else floats++;
      return v;
    }
    if (v instanceof PyFloat) {
      floats++;
      return v.value;
    }
    if (typeof v === 'bigint') {
      ints++;
      return Number(v);
    }
    if (v === null) {
      floats++;
      return null;
    }
    if (typeof v === 'boolean') {
      bools++;
      return v;
    }
    if (typeof v === 'string') {
      strings++;
      return v;
    }
    throw GordoHttpError.crash(); // nested lists or objects as cells
  });
  let dtype: Dtype;
  if (strings > 0 || (bools > 0 && bools < values.length)) dtype = 'object';
  else if (bools > 0) dtype = 'bool';
  else if (floats > 0) dtype = 'float';
  else dtype = ints > 0 ? 'int' : 'object';
  return { dtype, values: cells };
}

const PYTHON_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

/** Every key as an ISO timestamp (one offset for all, or all naive), else every key as an int; else 500. */
export function parseIndexKeys(keys: readonly string[]): RowIndex {
  const stamps: Timestamp[] = [];
  for (const key of keys) {
    const stamp = parseIsoTimestamp(key);
    if (!stamp) break;
    stamps.push(stamp);
  }
  if (stamps.length === keys.length && keys.length > 0) {
    const offset = (stamps[0] as Timestamp).offset;
    if (stamps.some((s) => s.offset !== offset)) throw GordoHttpError.crash(); // mixed offsets or naive with aware
    return { kind: 'datetime', stamps, offset };
  }
  if (!keys.every((k) => PYTHON_INT.test(k))) throw GordoHttpError.crash();
  return { kind: 'int', values: keys.map((k) => Number(k.trim().replace(/_/g, ''))), range: false };
}

/** Rows in index order (a stable sort; pandas does not promise an order for equal keys either). */
export function sortByIndex(table: Table): Table {
  const keys = table.index.kind === 'datetime' ? table.index.stamps.map(instantMicros) : table.index.values;
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number));
  return order.every((v, i) => v === i) ? table : permuteRows(table, order);
}
