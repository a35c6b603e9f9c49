import { GordoHttpError } from '../errors';
import { pandasIndexRepr, pandasRangeIndexRepr, pyListRepr } from '../python/repr';
import type { Column, Table } from './table';

/**
 * The server's column check for `X` (against the input tags) and `y` (against the targets): all
 * expected names present → those columns in tag order; else the same count → renamed by position;
 * else 400 with pandas' repr of what was sent.
 */
export function selectColumns(table: Table, expected: readonly string[]): Table {
  const byName = new Map<string, Column>();
  if (!table.positionalLabels)
    table.labels.forEach((label, i) => byName.has(label) || byName.set(label, table.columns[i] as Column));
  if (expected.every((name) => byName.has(name))) {
    return {
      labels: [...expected],
      positionalLabels: false,
      columns: expected.map((name) => byName.get(name) as Column),
      index: table.index,
    };
  }
  if (table.columns.length === expected.length)
    return { ...table, labels: [...expected], positionalLabels: false };
  const got = table.positionalLabels
    ? pandasRangeIndexRepr(table.labels.length)
    : pandasIndexRepr(table.labels);
  throw GordoHttpError.badRequest(
    `Unexpected features: was expecting ${pyListRepr(expected)} length of ${expected.length}, but got ${got} length of ${table.labels.length}`,
  );
}
