import { comparePythonStrings, pyFloatRepr, pyIntRepr, pyJsonString } from '../python/json';
import type { ResultColumn, ResultFrame, Values } from './result-frame';
import type { Cell, Dtype, RowIndex } from './table';
import { formatIndexKeys } from './timestamps';

/**
 * The `data` object of a JSON prediction response, written directly (frames can be tens of MB):
 * `{<group>: {<name>: {<index key>: value}}}` with every level sorted as the server sorts it
 * (strings by code point, integer index keys numerically), single-column groups repeating their
 * own name as the sub-key, floats in Python's spelling and bare `NaN`.
 */
export function frameDataJson(frame: ResultFrame): string {
  const rows = rowOrder(frame.index);
  const groups = new Map<string, ResultColumn[]>();
  for (const column of frame.columns) groups.set(column.group, [...(groups.get(column.group) ?? []), column]);
  // One string per column, built with += (V8 ropes), then joined: the cheapest way to many MB.
  const out: string[] = ['{'];
  [...groups.keys()].sort(comparePythonStrings).forEach((group, g) => {
    if (g > 0) out.push(', ');
    out.push(pyJsonString(group), ': {');
    const columns = (groups.get(group) as ResultColumn[])
      .map((c) => ({ key: c.name === '' ? group : c.name, column: c }))
      .sort((a, b) => comparePythonStrings(a.key, b.key));
    columns.forEach(({ key, column }, c) => {
      const print = printer(column.values);
      let text = `${c > 0 ? ', ' : ''}${pyJsonString(key)}: {`;
      for (let i = 0; i < rows.order.length; i++)
        text += (i > 0 ? ', ' : '') + (rows.keys[i] as string) + print(rows.order[i] as number);
      out.push(text, '}');
    });
    out.push('}');
  });
  out.push('}');
  return out.join('');
}

/** Which row each JSON key takes its value from, in key order; duplicate keys keep the last row, as a dict does. */
function rowOrder(index: RowIndex): { keys: string[]; order: number[] } {
  const raw =
    index.kind === 'datetime' ? formatIndexKeys(index.stamps) : index.values.map((v) => pyIntRepr(v));
  const last = new Map<string, number>();
  raw.forEach((key, row) => last.set(key, row));
  const unique = [...last.keys()];
  if (index.kind === 'datetime') unique.sort(comparePythonStrings);
  else unique.sort((a, b) => Number(a) - Number(b));
  return { keys: unique.map((k) => `${pyJsonString(k)}: `), order: unique.map((k) => last.get(k) as number) };
}

function printer(values: Values): (row: number) => string {
  switch (values.kind) {
    case 'float':
      return (row) => pyFloatRepr(values.data[row] as number);
    case 'text':
      return (row) => {
        const v = values.data[row];
        return v === null || v === undefined ? 'null' : pyJsonString(v);
      };
    case 'cells': {
      const dtype = values.dtype === 'object' ? values.columnDtype : values.dtype;
      return (row) => printCell(values.data[row] ?? null, dtype);
    }
  }
}

function printCell(cell: Cell, dtype: Dtype): string {
  if (dtype === 'float') return pyFloatRepr(cell === null ? NaN : Number(cell));
  if (cell === null) return 'null';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (typeof cell === 'string') return pyJsonString(cell);
  return Number.isInteger(cell) ? pyIntRepr(cell) : pyFloatRepr(cell);
}
