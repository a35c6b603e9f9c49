import type { Cell, Dtype, RowIndex } from './table';

/** Values of one output column. */
export type Values =
  | { kind: 'float'; data: Float64Array }
  /** `model-input`: the cells as received, printed with the block's dtype. */
  | { kind: 'cells'; dtype: Dtype; columnDtype: Dtype; data: Cell[] }
  /** `start`/`end`: ISO strings, or null where there is no timestamp. */
  | { kind: 'text'; data: (string | null)[] };

/** One column of the response table; `name` is '' for single-column groups (`start`, `total-anomaly-scaled`). */
export interface ResultColumn {
  group: string;
  name: string;
  values: Values;
}

/** The two-level table both POST routes answer with, in the server's column order. */
export interface ResultFrame {
  index: RowIndex;
  columns: ResultColumn[];
}

export function floatColumn(group: string, name: string, data: Float64Array): ResultColumn {
  return { group, name, values: { kind: 'float', data } };
}
