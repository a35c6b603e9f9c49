import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';

/** A parquet file as comparable data: fields with their Arrow types and values, and the `pandas` metadata. */
export interface DecodedParquet {
  rows: number;
  pandas: unknown;
  columns: { name: string; type: string; values: unknown[] }[];
}

export function decodeParquet(bytes: Uint8Array): DecodedParquet {
  const table = tableFromIPC(readParquet(bytes).intoIPCStream());
  const pandasText = table.schema.metadata.get('pandas');
  return {
    rows: table.numRows,
    pandas: pandasText === undefined ? null : (JSON.parse(pandasText) as unknown),
    columns: table.schema.fields.map((field) => ({
      name: field.name,
      type: String(field.type),
      // iterating (not toArray) yields null where the validity bitmap says so
      values: [...(table.getChild(field.name) ?? [])].map((v: unknown) =>
        typeof v === 'bigint' ? v.toString() : v,
      ),
    })),
  };
}
