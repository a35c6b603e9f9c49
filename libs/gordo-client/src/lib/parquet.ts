import { parquetSchema, type DataPageHeader, type SchemaElement } from 'hyparquet';
// hyparquet's page readers, exported by its package (`hyparquet/src/*.js`) but not from its index.
import { parquetHeader } from 'hyparquet/src/column.js';
import { convert, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { getMaxDefinitionLevel, getTreePath } from 'hyparquet/src/schema.js';
import type { RawColumn, RawFrame } from './frame';
import type { PreparedInput } from './input';
import { readParquetFooter, type FooterColumn, type ParquetFooter } from './parquet-footer';
import { writeFlatParquet } from './parquet-writer';
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
  // Plain pages without dictionary, statistics or compression: the server reads the whole file
  // once, and sensor floats neither repeat nor compress (snappy saved 0.4 % of the bytes).
  return writeFlatParquet(
    [
      ...input.tags.map((name, i) => ({
        name,
        type: 'DOUBLE' as const,
        values: input.columns[i] as Float64Array,
      })),
      { name: INDEX_FIELD, type: 'TIMESTAMP_NANOS', epochMs: input.index },
    ],
    { keyValues: new Map([['pandas', pandasMetadata(input.tags)]]), createdBy: '@latigo/gordo-client' },
  );
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

/** Epoch milliseconds for every timestamp unit, instead of hyparquet's Date objects. */
const PARSERS = {
  ...DEFAULT_PARSERS,
  timestampFromMilliseconds: (n: bigint) => Number(n),
  timestampFromMicroseconds: (n: bigint) => Number(n / 1_000n),
  timestampFromNanoseconds: (n: bigint) => Number(n / 1_000_000n),
};

/**
 * Decodes a parquet prediction: fields named by Python tuples (`"('model-input', 'tag-1')"`,
 * `"('total-anomaly-scaled', '')"`), the index in the field the pandas metadata names.
 *
 * Each wanted column chunk is read on its own (`readFlatChunk`): hyparquet's `parquetRead` plans
 * the read, rebuilds the schema tree several times and settles a promise per column, which for
 * Gordo's ~90-column answers of a few rows costs more than the values (a third of the CPU and a
 * fifth of the allocation of a decode).
 */
export async function decodeParquetResponse(bytes: Uint8Array): Promise<RawFrame> {
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'PAR1')
    throw new ResponseShapeError('the body is not a parquet file');
  const file =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (new Uint8Array(bytes).buffer as ArrayBuffer); // a copy: Buffer#slice is a view
  let metadata: ParquetFooter;
  try {
    metadata = readParquetFooter(file, ['pandas']);
  } catch (error) {
    throw unreadable(error);
  }
  const rows = metadata.num_rows;
  const fields = metadata.schema.slice(1);
  const indexName = pandasIndexName(metadata) ?? INDEX_FIELD;
  const indexField = fields.find((f) => f.name === indexName);
  if (!indexField || !isTimestamp(indexField))
    throw new ResponseShapeError(`the rows came back without a timestamp index (${indexName})`);

  // Each field's tuple name parsed once; `start` repeats the index, so it is not read at all.
  const layout = fields
    .filter((f) => f.name !== indexName)
    .map((f) => ({ field: f.name, tuple: parseTupleName(f.name) }))
    .filter(({ tuple: [group] }) => group !== 'start');
  // The index and `end` may be timestamps or pandas timestamp strings; the rest numbers.
  const times = new Set([indexName, ...layout.filter((l) => l.tuple[0] === 'end').map((l) => l.field)]);
  const wanted = new Set([indexName, ...layout.map((l) => l.field)]);

  const values = new Map<string, Float64Array>();
  const target = (name: string) => {
    let out = values.get(name);
    if (!out) values.set(name, (out = new Float64Array(rows).fill(NaN)));
    return out;
  };
  let tree: ReturnType<typeof parquetSchema>;
  try {
    tree = parquetSchema(metadata);
  } catch (error) {
    throw unreadable(error);
  }
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupRows = group.num_rows;
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      const name = meta?.path_in_schema[0];
      if (!meta || name === undefined || !wanted.has(name)) continue;
      if (meta.path_in_schema.length !== 1 || chunk.file_path)
        throw new ResponseShapeError(`the parquet column ${name} is nested or in another file`);
      const time = times.has(name);
      readFlatChunk(file, tree, meta, {
        out: target(name),
        firstRow: groupStart,
        rows: groupRows,
        toValue: (value) => toNumber(value, name, time),
      });
    }
    groupStart += groupRows;
  }

  let end: Float64Array = new Float64Array(rows).fill(NaN);
  const columns: RawColumn[] = [];
  for (const {
    field,
    tuple: [group, name],
  } of layout) {
    if (group === 'end') end = target(field);
    else columns.push({ group, name, values: target(field) });
  }
  return { index: target(indexName), end, columns };
}

/**
 * One flat column chunk into `out` from `firstRow`, page by page through hyparquet's page readers,
 * a null as NaN. hyparquet's own column reader assembles every page through its nested-list
 * (Dremel) assembly into a JS array, which a flat column does not need: that assembly and the copy
 * out of its array were a third of the CPU of decoding Gordo's answers of a few hundred rows.
 */
function readFlatChunk(
  file: ArrayBuffer,
  tree: ReturnType<typeof parquetSchema>,
  meta: FooterColumn,
  into: { out: Float64Array; firstRow: number; rows: number; toValue: (value: unknown) => number },
): void {
  const { out, toValue } = into;
  try {
    const schemaPath = getTreePath(tree, meta.path_in_schema);
    const element = (schemaPath[schemaPath.length - 1] as (typeof schemaPath)[number]).element;
    if (element.repetition_type === 'REPEATED')
      throw new ResponseShapeError(`the parquet column ${meta.path_in_schema[0]} is a list`);
    const decoder = {
      pathInSchema: meta.path_in_schema,
      type: meta.type,
      element,
      schemaPath,
      codec: meta.codec,
      parsers: PARSERS,
    };
    const present = getMaxDefinitionLevel(schemaPath);
    const start = meta.dictionary_page_offset || meta.data_page_offset;
    const reader = { view: new DataView(file, start, meta.total_compressed_size), offset: 0 };
    const end = into.firstRow + into.rows;
    let dictionary: ArrayLike<unknown> | undefined;
    let row = into.firstRow;
    while (row < end && reader.offset < reader.view.byteLength - 1) {
      const header = parquetHeader(reader);
      const bytes = new Uint8Array(file, start + reader.offset, header.compressed_page_size);
      reader.offset += header.compressed_page_size;
      let page: { definitionLevels?: ArrayLike<number>; dataPage: ArrayLike<unknown> };
      let encoding: string;
      if (header.type === 'DICTIONARY_PAGE' && header.dictionary_page_header) {
        const plain = decompressPage(bytes, header.uncompressed_page_size, meta.codec, undefined);
        const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
        const count = header.dictionary_page_header.num_values;
        dictionary = convert(readPlain({ view, offset: 0 }, meta.type, count, element.type_length), decoder);
        continue;
      } else if (header.type === 'DATA_PAGE' && header.data_page_header) {
        const plain = decompressPage(bytes, header.uncompressed_page_size, meta.codec, undefined);
        page = readFlatDataPage(plain, header.data_page_header, present, decoder);
        encoding = header.data_page_header.encoding;
      } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
        page = readDataPageV2(bytes, header, decoder);
        encoding = header.data_page_header_v2.encoding;
      } else continue; // an index page holds no values
      const indexed = dictionary !== undefined && encoding.endsWith('_DICTIONARY');
      const values = indexed ? page.dataPage : convert(page.dataPage as never, decoder);
      // Levels are left out when no value of the page is null.
      const levels = page.definitionLevels ?? NO_LEVELS;
      const count = levels.length || values.length;
      const doubles = indexed ? dictionary : values;
      if (doubles instanceof Float64Array) {
        row = copyDoubles(
          out,
          row,
          end,
          { levels, present, count },
          indexed ? (values as ArrayLike<number>) : undefined,
          doubles,
        );
        continue;
      }
      for (let i = 0, v = 0; i < count && row < end; i++, row++) {
        if (levels.length && levels[i] !== present) out[row] = NaN;
        else {
          const value = values[v++];
          out[row] = toValue(indexed ? (dictionary as ArrayLike<unknown>)[value as number] : value);
        }
      }
    }
  } catch (error) {
    if (error instanceof ResponseShapeError) throw error;
    throw unreadable(error);
  }
}

const NO_LEVELS: ArrayLike<number> = [];
/** Reused for each page's levels and dictionary indices, which are read and consumed at once. */
const scratch = { levels: new Int32Array(1024), indices: new Int32Array(1024) };

function scratchOf(which: keyof typeof scratch, length: number): Int32Array {
  if (scratch[which].length < length) scratch[which] = new Int32Array(length * 2);
  return scratch[which].subarray(0, length);
}

/**
 * A version 1 data page of a flat column (pyarrow's default). Definition levels and dictionary
 * indices are decoded by hyparquet's RLE/bit-packed reader into reused arrays, where its
 * `readDataPage` made a JS array of each per page (a third of what decoding a 1,000-row answer
 * allocated). Other encodings go through `readDataPage`.
 */
function readFlatDataPage(
  plain: Uint8Array,
  daph: DataPageHeader,
  maxDefinitionLevel: number,
  decoder: Parameters<typeof readDataPage>[2],
): { definitionLevels?: ArrayLike<number>; dataPage: ArrayLike<unknown> } {
  const dictionary = daph.encoding === 'PLAIN_DICTIONARY' || daph.encoding === 'RLE_DICTIONARY';
  if ((!dictionary && daph.encoding !== 'PLAIN') || decoder.type === 'BOOLEAN')
    return readDataPage(plain, daph, decoder);
  const reader = { view: new DataView(plain.buffer, plain.byteOffset, plain.byteLength), offset: 0 };
  let definitionLevels: Int32Array | undefined;
  let nulls = 0;
  if (maxDefinitionLevel > 0) {
    definitionLevels = scratchOf('levels', daph.num_values);
    readRleBitPackedHybrid(reader, 32 - Math.clz32(maxDefinitionLevel), definitionLevels);
    for (let i = 0; i < definitionLevels.length; i++) if (definitionLevels[i] !== maxDefinitionLevel) nulls++;
    if (nulls === 0) definitionLevels = undefined;
  }
  const count = daph.num_values - nulls;
  if (!dictionary)
    return {
      definitionLevels,
      dataPage: readPlain(reader, decoder.type, count, decoder.element.type_length),
    };
  const indices = scratchOf('indices', count);
  const bitWidth = reader.view.getUint8(reader.offset++);
  if (bitWidth === 0) indices.fill(0);
  else readRleBitPackedHybrid(reader, bitWidth, indices, reader.view.byteLength - reader.offset);
  return { definitionLevels, dataPage: indices };
}

/**
 * A page of doubles (Gordo's values) into `out` from `row`, through the dictionary when `indices`
 * are given; returns the next row. Passing each value through a converter boxed every double on
 * the heap: most of what a decode allocated.
 */
function copyDoubles(
  out: Float64Array,
  row: number,
  end: number,
  page: { levels: ArrayLike<number>; present: number; count: number },
  indices: ArrayLike<number> | undefined,
  doubles: Float64Array,
): number {
  const { levels, present, count } = page;
  const nullable = levels.length > 0;
  for (let i = 0, v = 0; i < count && row < end; i++, row++) {
    if (nullable && levels[i] !== present) out[row] = NaN;
    else out[row] = doubles[indices ? (indices[v++] as number) : v++] as number;
  }
  return row;
}

function unreadable(error: unknown): ResponseShapeError {
  return new ResponseShapeError(`the parquet file is unreadable: ${(error as Error).message}`, {
    cause: error,
  });
}

function isTimestamp(field: SchemaElement): boolean {
  return (
    field.logical_type?.type === 'TIMESTAMP' ||
    field.converted_type === 'TIMESTAMP_MILLIS' ||
    field.converted_type === 'TIMESTAMP_MICROS'
  );
}

function pandasIndexName(metadata: ParquetFooter): string | undefined {
  try {
    const pandas = metadata.keyValues.get('pandas');
    const parsed = JSON.parse(pandas ?? '{}') as { index_columns?: unknown[] };
    const first = parsed.index_columns?.[0];
    return typeof first === 'string' ? first : undefined;
  } catch {
    return undefined;
  }
}

/** A decoded value as a number: null → NaN, bigint → number, a time column's string → epoch ms. */
function toNumber(value: unknown, where: string, time: boolean): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'bigint') return Number(value);
  if (time && typeof value === 'string') {
    const ms = parsePandasTimestamp(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new ResponseShapeError(`${where} holds ${String(value)}, not ${time ? 'a timestamp' : 'a number'}`);
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
