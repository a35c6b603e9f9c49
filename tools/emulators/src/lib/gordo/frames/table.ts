import type { Timestamp } from './timestamps';

/** One cell as received: numbers, strings, booleans, or null for missing (NaN). */
export type Cell = number | string | boolean | null;

/** A column's pandas dtype, as far as the server's behaviour depends on it. */
export type Dtype = 'int' | 'float' | 'bool' | 'object';

export interface Column {
  dtype: Dtype;
  values: Cell[];
}

/** The row index: timestamps, or integers (`range` when it is pandas' RangeIndex, which parquet keeps as metadata). */
export type RowIndex =
  | { kind: 'datetime'; stamps: Timestamp[]; offset: number | null }
  | { kind: 'int'; values: number[]; range: boolean };

/**
 * A request table (`X` or `y`) as the server's pandas DataFrame would hold it: columns labelled by
 * name, or by position when rows were sent as lists (pandas' RangeIndex columns).
 */
export interface Table {
  labels: string[];
  positionalLabels: boolean;
  columns: Column[];
  index: RowIndex;
}

export function rowCount(table: Table): number {
  return table.index.kind === 'datetime' ? table.index.stamps.length : table.index.values.length;
}

/** `DataFrame.values`: one dtype for the whole block (all ints stay ints, any float makes floats). */
export function blockDtype(columns: readonly Column[]): Dtype {
  const kinds = new Set(columns.map((c) => c.dtype));
  if (kinds.size === 1) return [...kinds][0] as Dtype;
  if ([...kinds].every((k) => k === 'int' || k === 'float')) return 'float';
  return 'object';
}

/** Rows reordered by a permutation (sorting by index). */
export function permuteRows(table: Table, order: readonly number[]): Table {
  const index: RowIndex =
    table.index.kind === 'datetime'
      ? {
          ...table.index,
          stamps: order.map((i) => (table.index as { stamps: Timestamp[] }).stamps[i] as Timestamp),
        }
      : {
          kind: 'int',
          values: order.map((i) => (table.index as { values: number[] }).values[i] as number),
          range: table.index.range,
        };
  return {
    ...table,
    index,
    columns: table.columns.map((c) => ({ dtype: c.dtype, values: order.map((i) => c.values[i] as Cell) })),
  };
}
