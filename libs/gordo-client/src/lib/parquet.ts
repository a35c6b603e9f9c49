import {
  type Float,
  Float64,
  Precision,
  makeData,
  RecordBatch,
  Schema,
  Field,
  Struct,
  Table,
  TimestampNanosecond,
  tableFromIPC,
  tableToIPC,
  type Vector,
  Type,
} from 'apache-arrow';
import {
  Compression,
  EnabledStatistics,
  readParquet,
  Table as WasmTable,
  WriterPropertiesBuilder,
  writeParquet,
} from 'parquet-wasm';
import type { RawColumn, RawFrame } from './frame';
import type { PreparedInput } from './input';
import { ResponseShapeError } from './json-transport';
import { parsePandasTimestamp } from './pandas-time';

/** pyarrow's name for an unnamed pandas index. */
const INDEX_FIELD = '__index_level_0__';

/**
 * One input frame (X or y) as a parquet file that pandas reads back with its timestamp
 * index: the index is a `timestamp[ns, UTC]` column named like pyarrow's, and the `pandas`
 * schema metadata names it as the index. Without that metadata the server numbers the rows
 * 0..n−1 and answers with no timestamps at all.
 */
export function encodeParquetInput(input: PreparedInput): Uint8Array {
  const rows = input.index.length;
  const nanos = BigInt64Array.from(input.index, (ms) => BigInt(ms) * 1_000_000n);
  const fields = [
    ...input.tags.map((tag) => new Field(tag, new Float64(), false)),
    new Field(INDEX_FIELD, new TimestampNanosecond('UTC'), false),
  ];
  const children = [
    ...input.columns.map((values) => makeData({ type: new Float64(), data: values, length: rows })),
    makeData({ type: new TimestampNanosecond('UTC'), data: nanos, length: rows }),
  ];
  const schema = new Schema(fields, new Map([['pandas', pandasMetadata(input.tags)]]));
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length: rows, nullCount: 0, children }),
  );
  const wasmTable = WasmTable.fromIPCStream(tableToIPC(new Table(schema, [batch]), 'stream'));
  return writeParquet(wasmTable, writerProperties());
}

/**
 * Plain pages without dictionary, statistics or compression: the server reads the whole file
 * once, and sensor floats neither repeat nor compress (snappy saved 0.4 % of the bytes), while
 * trying cost 3× the encoding time of a 1,000-row batch (measured, tools/bench).
 */
function writerProperties() {
  return new WriterPropertiesBuilder()
    .setCompression(Compression.UNCOMPRESSED)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(EnabledStatistics.None)
    .build();
}

/** The `pandas` schema metadata (documented by Arrow) for float columns and a UTC index. */
function pandasMetadata(tags: readonly string[]): string {
  return JSON.stringify({
    index_columns: [INDEX_FIELD],
    column_indexes: [
      {
        name: null,
        field_name: null,
        pandas_type: 'unicode',
        numpy_type: 'object',
        metadata: { encoding: 'UTF-8' },
      },
    ],
    columns: [
      ...tags.map((tag) => ({
        name: tag,
        field_name: tag,
        pandas_type: 'float64',
        numpy_type: 'float64',
        metadata: null,
      })),
      {
        name: null,
        field_name: INDEX_FIELD,
        pandas_type: 'datetimetz',
        numpy_type: 'datetime64[ns]',
        metadata: { timezone: 'UTC' },
      },
    ],
    creator: { library: '@latigo/gordo-client' },
    pandas_version: '1.5.3',
  });
}

/**
 * Decodes a parquet prediction: fields named by Python tuples (`"('model-input', 'tag-1')"`,
 * `"('total-anomaly-scaled', '')"`), the index in the field the pandas metadata names.
 */
export function decodeParquetResponse(bytes: Uint8Array): RawFrame {
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'PAR1')
    throw new ResponseShapeError('the body is not a parquet file');
  const table = tableFromIPC(readParquet(bytes).intoIPCStream());
  const indexName = pandasIndexName(table.schema.metadata) ?? INDEX_FIELD;
  const indexVector = table.getChild(indexName);
  if (!indexVector || indexVector.type.typeId !== Type.Timestamp)
    throw new ResponseShapeError(`the rows came back without a timestamp index (${indexName})`);
  const index = Float64Array.from({ length: table.numRows }, (_, i) => Number(indexVector.get(i)));

  let end: Float64Array = new Float64Array(table.numRows).fill(NaN);
  const columns: RawColumn[] = [];
  // By position: getChild(name) searches the ~90 fields by name for each of them.
  for (const [i, field] of table.schema.fields.entries()) {
    if (field.name === indexName) continue;
    const [group, name] = parseTupleName(field.name);
    const vector = table.getChildAt(i) as Vector;
    if (group === 'start') continue; // the index itself
    if (group === 'end') end = timestamps(vector, field.name);
    else columns.push({ group, name, values: numbers(vector, field.name) });
  }
  return { index, end, columns };
}

function pandasIndexName(metadata: Map<string, string>): string | undefined {
  try {
    const parsed = JSON.parse(metadata.get('pandas') ?? '{}') as { index_columns?: unknown[] };
    const first = parsed.index_columns?.[0];
    return typeof first === 'string' ? first : undefined;
  } catch {
    return undefined;
  }
}

function numbers(vector: Vector, where: string): Float64Array {
  // Half floats are stored as raw 16-bit patterns: those take the general path.
  if (vector.type.typeId === Type.Float && (vector.type as Float).precision !== Precision.HALF)
    return floats(vector);
  const out = new Float64Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v: unknown = vector.get(i);
    if (v === null) out[i] = NaN;
    else if (typeof v === 'number' || typeof v === 'bigint') out[i] = Number(v);
    else throw new ResponseShapeError(`${where} holds ${String(v)}, not a number`);
  }
  return out;
}

/**
 * A float column straight from its buffers (nulls → NaN): `vector.get(i)` per value was the
 * largest cost of decoding a prediction of thousands of rows.
 */
function floats(vector: Vector): Float64Array {
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const chunk of vector.data) {
    const values = chunk.values as ArrayLike<number>;
    if (chunk.nullCount > 0)
      for (let i = 0; i < chunk.length; i++) out[at++] = chunk.getValid(i) ? (values[i] as number) : NaN;
    else for (let i = 0; i < chunk.length; i++) out[at++] = values[i] as number;
  }
  return out;
}

function timestamps(vector: Vector, where: string): Float64Array {
  const out = new Float64Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v: unknown = vector.get(i);
    out[i] = v === null ? NaN : typeof v === 'string' ? parsePandasTimestamp(v) : Number(v);
    if (v !== null && Number.isNaN(out[i]))
      throw new ResponseShapeError(`${where} holds ${String(v)}, not a timestamp`);
  }
  return out;
}

/**
 * Reads a column name that pandas wrote as `str((group, name))`. A name that is not such a
 * tuple is a single-level column: its own group, with the name `''`.
 */
export function parseTupleName(text: string): [string, string] {
  const reader = { text, at: 0 };
  if (!text.startsWith('(') || !text.endsWith(')')) return [text, ''];
  reader.at = 1;
  const first = readPythonString(reader);
  if (first === undefined || !text.startsWith(', ', reader.at)) return [text, ''];
  reader.at += 2;
  const second = readPythonString(reader);
  if (second === undefined || reader.at !== text.length - 1) return [text, ''];
  return [first, second];
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** A Python `repr` of a str: single or double quotes, backslash escapes (`\n`, `\xNN`, `\uNNNN`, …). */
function readPythonString(reader: { text: string; at: number }): string | undefined {
  const { text } = reader;
  const quote = text[reader.at];
  if (quote !== "'" && quote !== '"') return undefined;
  // Tag names rarely hold escapes: then the string is a slice up to the closing quote.
  const close = text.indexOf(quote, reader.at + 1);
  const escape = text.indexOf('\\', reader.at + 1);
  if (close > 0 && (escape < 0 || escape > close)) {
    const out = text.slice(reader.at + 1, close);
    reader.at = close + 1;
    return out;
  }
  let out = '';
  for (let i = reader.at + 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === quote) {
      reader.at = i + 1;
      return out;
    }
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = text[++i] as string;
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (width > 0) {
      out += String.fromCodePoint(parseInt(text.slice(i + 1, i + 1 + width), 16));
      i += width;
    } else {
      out += SIMPLE_ESCAPES[e] ?? `\\${e}`;
    }
  }
  return undefined;
}
