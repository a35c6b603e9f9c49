import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { prepareInput } from './input';
import { encodeParquetInput } from './parquet';
import { readParquetFooter, type ParquetFooter } from './parquet-footer';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name));
const arrayBuffer = (bytes: Uint8Array) => new Uint8Array(bytes).buffer as ArrayBuffer;

/** hyparquet's reading of the same footer, cut down to what `readParquetFooter` keeps. */
function expectedFooter(file: ArrayBuffer, keep: string[]): ParquetFooter {
  const metadata = parquetMetadata(file);
  return {
    num_rows: Number(metadata.num_rows),
    schema: metadata.schema,
    row_groups: metadata.row_groups.map((group) => ({
      num_rows: Number(group.num_rows),
      columns: group.columns.map(({ file_path, meta_data: m }) => ({
        file_path,
        meta_data: m && {
          type: m.type,
          path_in_schema: m.path_in_schema,
          codec: m.codec,
          num_values: Number(m.num_values),
          total_compressed_size: Number(m.total_compressed_size),
          data_page_offset: Number(m.data_page_offset),
          dictionary_page_offset:
            m.dictionary_page_offset === undefined ? undefined : Number(m.dictionary_page_offset),
        },
      })),
    })),
    keyValues: new Map(
      (metadata.key_value_metadata ?? [])
        .filter((kv) => keep.includes(kv.key))
        .map((kv) => [kv.key, kv.value ?? '']),
    ),
  };
}

describe('readParquetFooter', () => {
  it('reads a pyarrow footer from the real server as hyparquet does, statistics and ARROW:schema skipped', () => {
    const file = arrayBuffer(fixture('diff-10tags-anomaly.parquet'));
    const footer = readParquetFooter(file, ['pandas']);
    expect(footer).toEqual(expectedFooter(file, ['pandas']));
    expect(footer.keyValues.has('ARROW:schema')).toBe(false);
    expect(footer.schema).toHaveLength(43);
    const index = footer.schema.find((e) => e.name === '__index_level_0__');
    expect(index?.logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' });
  });

  it('reads every physical and logical type, several row groups and key-value pairs as hyparquet does', () => {
    const rows = 5;
    const file = parquetWriteBuffer({
      columnData: [
        { name: 'flag', data: [true, false, true, null, true], type: 'BOOLEAN' },
        { name: 'count', data: Int32Array.from({ length: rows }, (_, i) => i - 2), type: 'INT32' },
        {
          name: 'big',
          data: BigInt64Array.from({ length: rows }, (_, i) => 2n ** 40n * BigInt(i)),
          type: 'INT64',
        },
        { name: 'value', data: [0.5, null, 2.5, 3.5, NaN], type: 'DOUBLE' },
        { name: 'label', data: ['a', 'b', 'a', null, 'ü'], type: 'STRING' },
        {
          name: 'at',
          data: [0, 1, 2, 3, 4].map((i) => new Date(Date.UTC(2020, 1, 1, i))),
          type: 'TIMESTAMP',
        },
        { name: 'json', data: [{ a: 1 }, null, [], 'x', 2], type: 'JSON' },
      ],
      rowGroupSize: 2,
      statistics: true,
      kvMetadata: [
        { key: 'pandas', value: '{"index_columns": ["at"]}' },
        { key: 'other', value: 'x'.repeat(300) },
      ],
    });
    const footer = readParquetFooter(file, ['pandas', 'other']);
    expect(footer).toEqual(expectedFooter(file, ['pandas', 'other']));
    expect(footer.row_groups.map((g) => g.num_rows)).toEqual([2, 2, 1]);
    expect(footer.schema.map((e) => e.converted_type)).toEqual(
      expect.arrayContaining(['UTF8', 'TIMESTAMP_MILLIS', 'JSON']),
    );
  });

  it('reads logical types with their parameters as hyparquet does', () => {
    const logical = [
      { type: 'INTEGER', bitWidth: 16, isSigned: true },
      { type: 'DECIMAL', scale: 2, precision: 9 },
      { type: 'TIME', isAdjustedToUTC: false, unit: 'MICROS' },
      { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      { type: 'DATE' },
      { type: 'STRING' },
    ] as const;
    const physical = ['INT32', 'INT32', 'INT64', 'INT64', 'INT32', 'BYTE_ARRAY'] as const;
    const file = parquetWriteBuffer({
      columnData: logical.map((_, i) => ({
        name: `c${i}`,
        data: physical[i] === 'INT64' ? [1n, 2n] : physical[i] === 'BYTE_ARRAY' ? ['a', 'b'] : [1, 2],
      })),
      schema: [
        { name: 'root', num_children: logical.length },
        ...logical.map((logical_type, i) => ({
          name: `c${i}`,
          type: physical[i],
          repetition_type: 'REQUIRED' as const,
          logical_type,
        })),
      ],
    });
    const footer = readParquetFooter(file);
    expect(footer).toEqual(expectedFooter(file, []));
    expect(footer.schema.slice(1).map((e) => e.logical_type)).toEqual(logical);
  });

  it("reads our own input file's footer (nanosecond UTC index, plain columns)", () => {
    const t0 = Date.UTC(2020, 1, 1);
    const input = prepareInput(
      { index: [t0, t0 + 60_000], columns: { a: [1, 2], b: [3, 4] } },
      ['a', 'b'],
      'X',
    );
    const file = arrayBuffer(encodeParquetInput(input));
    expect(readParquetFooter(file, ['pandas'])).toEqual(expectedFooter(file, ['pandas']));
  });

  it('names what is wrong with a file that is not parquet or whose footer is cut short', () => {
    const good = fixture('diff-10tags-anomaly.parquet');
    expect(() => readParquetFooter(arrayBuffer(Buffer.from('{"data": []}')))).toThrow(
      /does not end with PAR1/,
    );
    const tooLong = new Uint8Array(good);
    new DataView(tooLong.buffer).setUint32(tooLong.length - 8, tooLong.length, true);
    expect(() => readParquetFooter(arrayBuffer(tooLong))).toThrow(/footer length \d+ exceeds the file/);
    // The footer's last bytes dropped, the length and magic kept: the reader runs off its end.
    const length = good.readUInt32LE(good.length - 8);
    const footerStart = good.length - 8 - length;
    const cut = Buffer.concat([good.subarray(0, footerStart + length - 40), good.subarray(good.length - 8)]);
    cut.writeUInt32LE(length - 40, cut.length - 8);
    expect(() => readParquetFooter(arrayBuffer(cut))).toThrow(/parquet footer ends early/);
  });
});
