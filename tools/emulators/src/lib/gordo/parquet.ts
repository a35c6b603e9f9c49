import {
  Bool,
  Field,
  type Float,
  Float64,
  Int64,
  makeData,
  makeVector,
  Null,
  Precision,
  RecordBatch,
  Schema,
  Struct,
  Table as ArrowTable,
  tableFromIPC,
  tableToIPC,
  TimestampNanosecond,
  Type,
  Utf8,
  vectorFromArray,
  type Data,
  type DataType,
  type Vector,
} from 'apache-arrow';
import {
  Compression,
  EnabledStatistics,
  readParquet,
  Table as WasmTable,
  WriterPropertiesBuilder,
  writeParquet,
} from 'parquet-wasm';
import { GordoHttpError } from './errors';
import type { ResultFrame, Values } from './frames/result-frame';
import { blockDtype, type Cell, type Column, type RowIndex, type Table } from './frames/table';
import { formatOffset, instantMicros, type Timestamp } from './frames/timestamps';
import { dumpsPython, type PyObject } from './python/json';
import { pyTupleRepr } from './python/repr';
import { BoundedCache } from '../bounded-cache';

/**
 * Parquet in and out, as the server exchanges it with pyarrow 14 and pandas 1.5: requests carry a
 * table per part whose `pandas` schema metadata names the index; responses name fields after the
 * column tuples (`"('model-input', 'tag-1')"`), keep the index in `__index_level_0__` (or as a
 * range in the metadata) and are snappy-compressed.
 */

interface PandasMetadata {
  index_columns?: (string | { kind?: string; start?: number; step?: number })[];
  column_indexes?: unknown[];
}

/** A request part (`X` or `y`) as the table `read_table(...).to_pandas()` gives; unreadable bytes are a 500. */
export function tableFromParquet(bytes: Uint8Array): Table {
  let table: ArrowTable;
  try {
    table = tableFromIPC(readParquet(bytes).intoIPCStream());
  } catch {
    throw GordoHttpError.crash();
  }
  let pandas: PandasMetadata = {};
  try {
    pandas = JSON.parse(table.schema.metadata.get('pandas') ?? '{}') as PandasMetadata;
  } catch {
    pandas = {};
  }
  const indexSpec = pandas.index_columns?.[0];
  const indexField = typeof indexSpec === 'string' ? indexSpec : undefined;
  const fields = table.schema.fields.filter((f) => f.name !== indexField);
  if ((pandas.column_indexes?.length ?? 1) > 1) {
    throw GordoHttpError.badRequest(
      `Server does not support multi-level dataframes at this time: [${fields.map((f) => f.name).join(', ')}]`,
    );
  }
  const rows = table.numRows;
  let index: RowIndex;
  const indexVector = indexField === undefined ? null : table.getChild(indexField);
  if (indexVector && indexField !== undefined) {
    index = indexFromVector(
      indexVector,
      table.schema.fields.find((f) => f.name === indexField)?.type as DataType,
    );
  } else {
    const start = typeof indexSpec === 'object' ? (indexSpec.start ?? 0) : 0;
    const step = typeof indexSpec === 'object' ? (indexSpec.step ?? 1) : 1;
    index = { kind: 'int', values: Array.from({ length: rows }, (_, i) => start + i * step), range: true };
  }
  return {
    labels: fields.map((f) => f.name),
    positionalLabels: false,
    columns: fields.map((f) => columnFromVector(table.getChild(f.name) as Vector, f.type as DataType)),
    index,
  };
}

function offsetOfZone(zone: string | null | undefined): number | null {
  if (zone === null || zone === undefined) return null;
  if (zone === 'UTC' || zone === 'Z' || zone === 'Etc/UTC') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!match) throw GordoHttpError.crash(); // named zones: out of the emulator's scope
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

const UNIT_TO_MICROS = [1_000_000, 1000, 1, 0.001]; // arrow TimeUnit: SECOND, MILLISECOND, MICROSECOND, NANOSECOND

function indexFromVector(vector: Vector, type: DataType): RowIndex {
  if (type.typeId === Type.Timestamp) {
    const ts = type as unknown as { unit: number; timezone?: string | null };
    const offset = offsetOfZone(ts.timezone);
    const factor = UNIT_TO_MICROS[ts.unit] ?? 1;
    const stamps: Timestamp[] = [];
    for (const raw of vector.toArray() as BigInt64Array) {
      const instant = Math.floor(Number(raw) * factor);
      stamps.push({ micros: instant + (offset ?? 0) * 60_000_000, offset });
    }
    return { kind: 'datetime', stamps, offset };
  }
  if (type.typeId === Type.Int)
    return { kind: 'int', values: [...vector].map((v) => Number(v)), range: false };
  throw GordoHttpError.crash();
}

function columnFromVector(vector: Vector, type: DataType): Column {
  // Doubles without nulls (what clients send) straight from the buffers, not value by value.
  if (type.typeId === Type.Float && (type as Float).precision === Precision.DOUBLE && vector.nullCount === 0)
    return { dtype: 'float', values: Array.from(vector.toArray() as Float64Array) };
  const values = [...vector] as unknown[];
  switch (type.typeId) {
    case Type.Float:
      return { dtype: 'float', values: values.map((v) => (v === null ? null : Number(v))) };
    case Type.Int:
      // a nullable int column comes back from pandas as float with NaN
      return {
        dtype: values.includes(null) ? 'float' : 'int',
        values: values.map((v) => (v === null ? null : Number(v))),
      };
    case Type.Bool:
      return { dtype: values.includes(null) ? 'object' : 'bool', values: values as (boolean | null)[] };
    case Type.Null:
      return { dtype: 'object', values: values.map(() => null) };
    default:
      return { dtype: 'object', values: values.map((v) => (v === null ? null : String(v))) as Cell[] };
  }
}

const FIELD_INDEX = '__index_level_0__';
const FLOAT64 = new Float64();
const COLUMN_INDEX_LEVEL = {
  name: null,
  field_name: null,
  pandas_type: 'unicode',
  numpy_type: 'object',
  metadata: { encoding: 'UTF-8' },
};

interface OutField {
  field: Field;
  data: Data;
  pandasType: string;
  numpyType: string;
}

/** A response table as the server's `pyarrow.Table.from_pandas(frame)` + `write_table` (snappy) would write it. */
export function frameToParquet(frame: ResultFrame): Uint8Array {
  return writeFile(
    frame.columns.map((c) => outField(tupleName(c.group, c.name), c.values)),
    frame.index,
    2,
  );
}

// `('group', 'name')` per column by group and name: the same names come back in every answer.
const tupleNames = new BoundedCache<string, string>(100_000);

function tupleName(group: string, name: string): string {
  return tupleNames.get(`${group}\u0000${name}`, () => pyTupleRepr([group, name]));
}

/** A request table as pandas would write it (`df.to_parquet()`): field per column, the index named in the metadata. */
export function tableToParquet(table: Table): Uint8Array {
  const dtype = blockDtype(table.columns);
  return writeFile(
    table.columns.map((c, i) =>
      outField(table.labels[i] as string, { kind: 'cells', dtype, columnDtype: c.dtype, data: c.values }),
    ),
    table.index,
    1,
  );
}

function writeFile(out: OutField[], index: RowIndex, columnLevels: number): Uint8Array {
  const rangeIndex: PyObject[] = [];
  let indexZone: string | null = null;
  if (index.kind === 'int' && index.range) {
    const start = index.values[0] ?? 0;
    rangeIndex.push({ kind: 'range', name: null, start, stop: start + index.values.length, step: 1 });
  } else if (index.kind === 'int') {
    out.push({
      field: new Field(FIELD_INDEX, new Int64(), true),
      data: makeVector(BigInt64Array.from(index.values, BigInt)).data[0] as Data,
      pandasType: 'int64',
      numpyType: 'int64',
    });
  } else {
    indexZone = index.offset === null ? null : index.offset === 0 ? 'UTC' : formatOffset(index.offset);
    const type = new TimestampNanosecond(indexZone);
    const nanos = BigInt64Array.from(index.stamps, (s) => BigInt(instantMicros(s)) * 1000n);
    out.push({
      field: new Field(FIELD_INDEX, type, true),
      data: makeData({ type, length: nanos.length, data: nanos }),
      pandasType: indexZone ? 'datetimetz' : 'datetime',
      numpyType: 'datetime64[ns]',
    });
  }
  const rows = index.kind === 'datetime' ? index.stamps.length : index.values.length;
  const { schema, struct } = schemaOf(out, rangeIndex, indexZone, columnLevels);
  const batch = new RecordBatch(
    schema,
    makeData({ type: struct, length: rows, nullCount: 0, children: out.map((o) => o.data) }),
  );
  const wasmTable = WasmTable.fromIPCStream(tableToIPC(new ArrowTable(schema, [batch]), 'stream'));
  // Snappy as pyarrow writes, but without its dictionary pages and statistics: a client reads the
  // same values either way (the file bytes are a listed difference from the real server), and
  // trying a dictionary for every float column took 0.8 of 1.3 ms per answer.
  const properties = new WriterPropertiesBuilder()
    .setCompression(Compression.SNAPPY)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(EnabledStatistics.None)
    .build();
  return writeParquet(wasmTable, properties);
}

// Schemas with their pandas metadata by layout: a model answers the same columns every time, and
// serialising the metadata (Python-style JSON of every column) cost as much as the data.
const schemaCache = new BoundedCache<string, { schema: Schema; struct: Struct }>(1000);

/** The arrow schema of `out` (the index field last when there is one) with the `pandas` metadata. */
function schemaOf(
  out: OutField[],
  rangeIndex: PyObject[],
  zone: string | null,
  columnLevels: number,
): { schema: Schema; struct: Struct } {
  const key = JSON.stringify([
    columnLevels,
    rangeIndex,
    zone,
    out.map((o) => [o.field.name, String(o.field.type), o.field.nullable, o.pandasType, o.numpyType]),
  ]);
  return schemaCache.get(key, () => newSchema(out, rangeIndex, zone, columnLevels));
}

/** What `schemaOf` remembers: the schema and its pandas metadata, built. */
function newSchema(
  out: OutField[],
  rangeIndex: PyObject[],
  zone: string | null,
  columnLevels: number,
): { schema: Schema; struct: Struct } {
  const hasIndexField = rangeIndex.length === 0;
  const pandasColumns: PyObject[] = out.map((o, i) =>
    hasIndexField && i === out.length - 1
      ? {
          name: null,
          field_name: FIELD_INDEX,
          pandas_type: o.pandasType,
          numpy_type: o.numpyType,
          metadata: zone ? { timezone: zone } : null,
        }
      : {
          name: o.field.name,
          field_name: o.field.name,
          pandas_type: o.pandasType,
          numpy_type: o.numpyType,
          metadata: null,
        },
  );
  const pandas = dumpsPython({
    index_columns: hasIndexField ? [FIELD_INDEX] : rangeIndex,
    column_indexes: Array.from({ length: columnLevels }, () => COLUMN_INDEX_LEVEL),
    columns: pandasColumns,
    creator: { library: 'pyarrow', version: '14.0.2' },
    pandas_version: '1.5.3',
  });
  const fields = out.map((o) => o.field);
  return { schema: new Schema(fields, new Map([['pandas', pandas]])), struct: new Struct(fields) };
}

/** A float column as pyarrow's `from_pandas` writes it: NaN becomes null. */
function floatData(values: Float64Array): Data {
  let nulls = 0;
  for (const v of values) if (Number.isNaN(v)) nulls++;
  if (nulls === 0) return makeData({ type: FLOAT64, length: values.length, nullCount: 0, data: values });
  const validity = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (!Number.isNaN(v)) validity[i >> 3] = (validity[i >> 3] as number) | (1 << (i & 7));
  });
  return makeData({
    type: new Float64(),
    length: values.length,
    nullCount: nulls,
    nullBitmap: validity,
    data: values.map((v) => (Number.isNaN(v) ? 0 : v)),
  });
}

function outField(name: string, values: Values): OutField {
  if (values.kind === 'float')
    return {
      field: new Field(name, new Float64(), true),
      data: floatData(values.data),
      pandasType: 'float64',
      numpyType: 'float64',
    };
  if (values.kind === 'text') {
    // pyarrow infers the null type for a column of None (start/end without timestamps)
    if (values.data.every((v) => v === null))
      return {
        field: new Field(name, new Null(), true),
        data: vectorFromArray(values.data as null[], new Null()).data[0] as Data,
        pandasType: 'empty',
        numpyType: 'object',
      };
    return {
      field: new Field(name, new Utf8(), true),
      data: vectorFromArray(values.data, new Utf8()).data[0] as Data,
      pandasType: 'unicode',
      numpyType: 'object',
    };
  }
  const dtype = values.dtype === 'object' ? values.columnDtype : values.dtype;
  const cells = values.data;
  if (dtype === 'int')
    return {
      field: new Field(name, new Int64(), true),
      data: makeVector(BigInt64Array.from(cells, (c) => BigInt(Math.trunc(Number(c))))).data[0] as Data,
      pandasType: 'int64',
      numpyType: 'int64',
    };
  if (dtype === 'bool')
    return {
      field: new Field(name, new Bool(), true),
      data: vectorFromArray(cells as boolean[], new Bool()).data[0] as Data,
      pandasType: 'bool',
      numpyType: 'bool',
    };
  if (dtype === 'float')
    return {
      field: new Field(name, new Float64(), true),
      data: floatData(Float64Array.from(cells, (c) => (c === null ? NaN : Number(c)))),
      pandasType: 'float64',
      numpyType: 'float64',
    };
  return {
    field: new Field(name, new Utf8(), true),
    data: vectorFromArray(
      cells.map((c) => (c === null ? null : String(c))),
      new Utf8(),
    ).data[0] as Data,
    pandasType: 'unicode',
    numpyType: 'object',
  };
}
