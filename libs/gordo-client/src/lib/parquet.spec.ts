import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Float64,
  Table as ArrowTable,
  TimestampMillisecond,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import {
  Table as WasmTable,
  WriterPropertiesBuilder,
  WriterVersion,
  readParquet,
  writeParquet,
} from 'parquet-wasm';
import { orderFrame } from './frame';
import { prepareInput } from './input';
import { decodeJsonResponse, ResponseShapeError } from './json-transport';
import { decodeParquetResponse, encodeParquetInput, parseTupleName } from './parquet';
import { parseTolerantJson } from './tolerant-json';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name));
const tags = Array.from({ length: 10 }, (_, i) => `tag-${i + 1}`);
const order = { inputTags: tags, targetTags: tags.slice(0, 4) };

describe('encodeParquetInput', () => {
  // Read back with another implementation (arrow-rs, through parquet-wasm) than the writer's.
  it('writes tag columns in model order and a UTC nanosecond index that pandas metadata names', () => {
    const t0 = Date.UTC(2020, 1, 1);
    const input = prepareInput(
      { index: [t0, t0 + 600_000, t0 + 1_200_007], columns: { b: [0.25, 2, -3], a: [1, 2, 3] } },
      ['b', 'a'],
      'X',
    );
    const table = tableFromIPC(readParquet(encodeParquetInput(input)).intoIPCStream());
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'b:Float64',
      'a:Float64',
      '__index_level_0__:Timestamp<NANOSECOND, UTC>',
    ]);
    expect(Array.from(table.getChild('b')?.toArray() as Float64Array)).toEqual([0.25, 2, -3]);
    expect(Array.from(table.getChild('__index_level_0__')?.data[0]?.values as BigInt64Array)).toEqual([
      BigInt(t0) * 1_000_000n,
      BigInt(t0 + 600_000) * 1_000_000n,
      BigInt(t0 + 1_200_007) * 1_000_000n,
    ]);
    const pandas = JSON.parse(table.schema.metadata.get('pandas') ?? '{}') as { index_columns: string[] };
    expect(pandas.index_columns).toEqual(['__index_level_0__']);
  });
});

/** A prediction file as pandas writes one: tuple-named columns and the pandas index metadata. */
function predictionFile(
  columns: ColumnSource[],
  options: { rowGroupSize?: number; pageSize?: number } = {},
): Uint8Array {
  // hyparquet-writer's TIMESTAMP is in milliseconds (the server's are nanoseconds: the fixture).
  const t0 = BigInt(Date.UTC(2020, 1, 1));
  const rows = columns[0]?.data.length ?? 0;
  const index = BigInt64Array.from({ length: rows }, (_, i) => t0 + BigInt(i) * 600_000n);
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [...columns, { name: '__index_level_0__', data: index, type: 'TIMESTAMP' }],
      kvMetadata: [{ key: 'pandas', value: JSON.stringify({ index_columns: ['__index_level_0__'] }) }],
      ...options,
    }),
  );
}

/** The types of the pages of a column chunk, in file order, read from their headers. */
function pageTypes(
  file: Uint8Array,
  meta: { data_page_offset: bigint; dictionary_page_offset?: bigint; total_compressed_size: bigint },
): string[] {
  const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
  const view = new DataView(file.buffer, file.byteOffset + start, Number(meta.total_compressed_size));
  const reader = { view, offset: 0 };
  const types: string[] = [];
  while (reader.offset < view.byteLength) {
    const header = parquetHeader(reader);
    reader.offset += header.compressed_page_size;
    types.push(header.type);
  }
  return types;
}

/** How many data pages a column chunk holds. */
function dataPages(file: Uint8Array, meta: Parameters<typeof pageTypes>[1]): number {
  return pageTypes(file, meta).filter((type) => type !== 'DICTIONARY_PAGE').length;
}

/** Decodes `file` and checks its value columns against hyparquet's own reading (a null as NaN). */
async function expectColumnsAsHyparquet(file: Uint8Array, names: readonly string[]) {
  const frame = await decodeParquetResponse(file);
  const reference = (await parquetReadObjects({ file: file.buffer as ArrayBuffer })) as Record<
    string,
    unknown
  >[];
  expect(frame.columns.map((c) => Array.from(c.values))).toEqual(
    names.map((name) => reference.map((row) => (row[name] === null ? NaN : row[name]))),
  );
  return { frame, reference };
}

describe('decodeParquetResponse', () => {
  it('gives the same frame as the JSON response for the same rows (recorded from the real server)', async () => {
    const fromParquet = orderFrame(
      await decodeParquetResponse(new Uint8Array(fixture('diff-10tags-anomaly.parquet'))),
      order,
    );
    const fromJson = orderFrame(
      decodeJsonResponse(parseTolerantJson(fixture('diff-10tags-anomaly.json').toString('utf8'))).frame,
      order,
    );
    expect(fromParquet.index).toEqual(fromJson.index);
    expect(fromParquet.end).toEqual(fromJson.end);
    expect([...fromParquet.columns.keys()]).toEqual([...fromJson.columns.keys()]);
    for (const [group, names] of fromJson.columns) {
      expect([...(fromParquet.columns.get(group)?.keys() ?? [])]).toEqual([...names.keys()]);
      for (const [name, values] of names) expect(fromParquet.columns.get(group)?.get(name)).toEqual(values);
    }
    expect(fromParquet.columns.get('total-anomaly-confidence')?.has('')).toBe(true);
  });

  it('reads a body that is a view into a larger buffer (as the HTTP client gives it)', async () => {
    const file = fixture('diff-10tags-anomaly.parquet');
    const view = Buffer.concat([Buffer.from('leading bytes'), file, Buffer.from('trailing')]).subarray(
      13,
      13 + file.length,
    );
    const frame = await decodeParquetResponse(view);
    expect(frame).toEqual(await decodeParquetResponse(new Uint8Array(file)));
    expect(frame.index.length).toBeGreaterThan(0);
  });

  it('rejects a body that is not parquet, and a truncated one', async () => {
    await expect(decodeParquetResponse(new TextEncoder().encode('<html>Sign in</html>'))).rejects.toThrow(
      ResponseShapeError,
    );
    const file = predictionFile([{ name: "('model-output', 'a')", data: Float64Array.from([1, 2]) }]);
    const truncated = Uint8Array.from([...file.subarray(0, 40), ...file.subarray(-30)]);
    await expect(decodeParquetResponse(truncated)).rejects.toThrow(/parquet file is unreadable/);
  });

  it('reads nulls as NaN, integers as numbers, and rows spread over several row groups in order', async () => {
    const frame = await decodeParquetResponse(
      predictionFile(
        [
          { name: "('model-output', 'a')", data: [0.5, null, 2.5, 3.5, null], type: 'DOUBLE' },
          { name: "('model-input', 'b')", data: BigInt64Array.from([1n, 2n, 3n, 4n, 5n]) },
          {
            name: "('end', '')",
            data: ['2020-02-01 00:10:00+00:00', null, null, null, null],
            type: 'STRING',
          },
        ],
        { rowGroupSize: 2 },
      ),
    );
    expect(Array.from(frame.index)).toEqual([0, 1, 2, 3, 4].map((i) => Date.UTC(2020, 1, 1) + i * 600_000));
    expect(frame.columns.map((c) => [c.group, c.name, Array.from(c.values)])).toEqual([
      ['model-output', 'a', [0.5, NaN, 2.5, 3.5, NaN]],
      ['model-input', 'b', [1, 2, 3, 4, 5]],
    ]);
    expect(Array.from(frame.end)).toEqual([Date.UTC(2020, 1, 1, 0, 10), NaN, NaN, NaN, NaN]);
  });

  it('reads columns over several pages, dictionary-encoded or plain, with nulls, as hyparquet itself does', async () => {
    const rows = 300;
    const columns: ColumnSource[] = [
      {
        name: "('model-output', 'a')",
        data: Array.from({ length: rows }, (_, i) => (i % 7 === 3 ? null : i / 4)),
        type: 'DOUBLE',
      },
      // Few distinct values: a dictionary page and indices.
      { name: "('model-input', 'b')", data: Float64Array.from({ length: rows }, (_, i) => (i % 5) * 1.5) },
      {
        name: "('tag-anomaly-scaled', 'c')",
        data: Float64Array.from({ length: rows }, (_, i) => Math.sin(i)),
        encoding: 'PLAIN',
      },
    ];
    const file = predictionFile(columns, { rowGroupSize: 128, pageSize: 256 });
    const chunks = parquetMetadata(file.buffer as ArrayBuffer).row_groups.flatMap((g) => g.columns);
    const encodings = (name: string) =>
      chunks.filter((c) => c.meta_data?.path_in_schema[0] === name).map((c) => c.meta_data?.encodings);
    expect(encodings("('model-input', 'b')").every((e) => e?.includes('RLE_DICTIONARY'))).toBe(true);
    expect(encodings("('tag-anomaly-scaled', 'c')").every((e) => !e?.includes('RLE_DICTIONARY'))).toBe(true);
    // Every column has a row group of several data pages.
    for (const { name } of columns) {
      const pages = chunks
        .filter((c) => c.meta_data?.path_in_schema[0] === name)
        .map((c) => dataPages(file, c.meta_data as NonNullable<typeof c.meta_data>));
      expect(Math.max(...pages)).toBeGreaterThan(1);
    }

    const { frame, reference } = await expectColumnsAsHyparquet(
      file,
      columns.map((c) => c.name),
    );
    expect(Array.from(frame.index)).toEqual(
      reference.map((row) => (row['__index_level_0__'] as Date).getTime()),
    );
  });

  it("reads version 1 pages (pyarrow's) with nulls, dictionary-encoded or plain, as hyparquet itself does", async () => {
    const rows = 700;
    const values = {
      "('model-output', 'a')": Array.from({ length: rows }, (_, i) => (i % 7 === 3 ? null : i / 4)),
      "('model-input', 'b')": Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? null : (i % 5) * 1.5)),
      "('tag-anomaly-scaled', 'c')": Array.from({ length: rows }, (_, i) => Math.sin(i)),
    };
    const t0 = Date.UTC(2020, 1, 1);
    const table = new ArrowTable({
      ...Object.fromEntries(
        Object.entries(values).map(([name, v]) => [name, vectorFromArray(v, new Float64())]),
      ),
      __index_level_0__: vectorFromArray(
        Array.from({ length: rows }, (_, i) => t0 + i * 600_000),
        new TimestampMillisecond('UTC'),
      ),
    });
    const properties = new WriterPropertiesBuilder()
      .setWriterVersion(WriterVersion.V1)
      .setColumnDictionaryEnabled("('tag-anomaly-scaled', 'c')", false)
      .setDataPageSizeLimit(64)
      .setWriteBatchSize(64)
      .setKeyValueMetadata(new Map([['pandas', JSON.stringify({ index_columns: ['__index_level_0__'] })]]))
      .build();
    const file = writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), properties);
    const metadata = parquetMetadata(file.buffer as ArrayBuffer);
    const chunks = metadata.row_groups.flatMap((g) => g.columns);
    const meta = (name: string) => chunks.find((c) => c.meta_data?.path_in_schema[0] === name)?.meta_data;
    expect(meta("('model-input', 'b')")?.encodings).toContain('RLE_DICTIONARY');
    expect(meta("('tag-anomaly-scaled', 'c')")?.encodings).not.toContain('RLE_DICTIONARY');
    for (const name of Object.keys(values)) {
      const column = meta(name) as NonNullable<ReturnType<typeof meta>>;
      expect(dataPages(file, column)).toBeGreaterThan(1);
      expect(pageTypes(file, column)).toContain('DATA_PAGE');
    }

    const { frame } = await expectColumnsAsHyparquet(file, Object.keys(values));
    expect(Array.from(frame.index)).toEqual(Array.from({ length: rows }, (_, i) => t0 + i * 600_000));
  });

  it('names the column that holds text where numbers belong', async () => {
    const file = predictionFile([{ name: "('model-output', 'a')", data: ['1.5', 'high'], type: 'STRING' }]);
    await expect(decodeParquetResponse(file)).rejects.toThrow(
      new ResponseShapeError("('model-output', 'a') holds 1.5, not a number"),
    );
  });

  it('rejects rows without a timestamp index', async () => {
    const file = new Uint8Array(
      parquetWriteBuffer({ columnData: [{ name: "('model-output', 'a')", data: Float64Array.from([1]) }] }),
    );
    await expect(decodeParquetResponse(file)).rejects.toThrow(
      /without a timestamp index \(__index_level_0__\)/,
    );
  });
});

describe('parseTupleName', () => {
  it.each([
    ["('model-input', 'tag-1')", ['model-input', 'tag-1']],
    ["('total-anomaly-scaled', '')", ['total-anomaly-scaled', '']],
    [`('model-input', "it's")`, ['model-input', "it's"]],
    ["('model-input', 'a\\'b\\\\c')", ['model-input', "a'b\\c"]],
    ["('model-input', 'caf\\xe9 \\u2603')", ['model-input', 'café ☃']],
    ["('a\\\\b', 'plain')", ['a\\b', 'plain']],
    ["('plain', 'x\\'y')", ['plain', "x'y"]],
    ['plain-column', ['plain-column', '']],
    ["('unterminated', 'x)", ["('unterminated', 'x)", '']],
  ])('reads %s', (text, expected) => {
    expect(parseTupleName(text)).toEqual(expected);
  });
});
