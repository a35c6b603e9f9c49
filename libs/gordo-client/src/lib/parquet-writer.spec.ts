import { tableFromIPC } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { readParquet } from 'parquet-wasm';
import { writeFlatParquet } from './parquet-writer';

describe('writeFlatParquet', () => {
  // Read back by two other implementations: hyparquet and arrow-rs (through parquet-wasm).
  it('writes doubles and a nanosecond UTC index that two readers read back exactly', async () => {
    const rows = 300;
    const tags = Array.from({ length: 20 }, (_, i) => `tag-${i}`); // ≥ 15: the long list header
    const special = [0.1, -0, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity, -1e-300];
    const columns = tags.map((_, k) =>
      Float64Array.from({ length: rows }, (_, i) => special[(i + k) % special.length] as number),
    );
    // Before and after 1970, and past 2^32 ms * 10^6 ns (where the 32-bit halves carry).
    const epochMs = Float64Array.from({ length: rows }, (_, i) => -86_400_000 * 365 + i * 4_294_967_297);
    const file = writeFlatParquet(
      [
        ...tags.map((name, k) => ({ name, type: 'DOUBLE' as const, values: columns[k] as Float64Array })),
        { name: 'at', type: 'TIMESTAMP_NANOS', epochMs },
      ],
      { keyValues: new Map([['pandas', '{"index_columns": ["at"]}']]), createdBy: 'test' },
    );
    const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;

    const metadata = parquetMetadata(buffer);
    expect(metadata.key_value_metadata).toEqual([{ key: 'pandas', value: '{"index_columns": ["at"]}' }]);
    expect(metadata.created_by).toBe('test');
    expect(metadata.schema.at(-1)?.logical_type).toEqual({
      type: 'TIMESTAMP',
      isAdjustedToUTC: true,
      unit: 'NANOS',
    });
    const objects = await parquetReadObjects({
      file: buffer,
      utf8: false,
      parsers: { timestampFromNanoseconds: (n: bigint) => n },
    });
    expect(objects).toHaveLength(rows);
    for (let i = 0; i < rows; i += 37) {
      tags.forEach((tag, k) => expect(Object.is(objects[i]?.[tag], columns[k]?.[i])).toBe(true));
      expect(objects[i]?.['at']).toBe(BigInt(epochMs[i] as number) * 1_000_000n);
    }

    const table = tableFromIPC(readParquet(file).intoIPCStream());
    expect(Array.from(table.getChild('tag-3')?.toArray() as Float64Array)).toEqual(
      Array.from(columns[3] as Float64Array),
    );
    expect(Array.from(table.getChild('at')?.data[0]?.values as BigInt64Array)).toEqual(
      Array.from(epochMs, (ms) => BigInt(ms) * 1_000_000n),
    );
  });

  it('names the column whose lengths differ, and a timestamp that is not a whole millisecond', () => {
    const two = new Float64Array(2);
    expect(() =>
      writeFlatParquet([
        { name: 'a', type: 'DOUBLE', values: two },
        { name: 'b', type: 'DOUBLE', values: new Float64Array(3) },
      ]),
    ).toThrow('column b has 3 values, not 2');
    expect(() =>
      writeFlatParquet([{ name: 'at', type: 'TIMESTAMP_NANOS', epochMs: Float64Array.of(0, 1.5) }]),
    ).toThrow('at[1] = 1.5 is not a whole millisecond');
    expect(() =>
      writeFlatParquet([{ name: 'at', type: 'TIMESTAMP_NANOS', epochMs: Float64Array.of(1e16) }]),
    ).toThrow(/at\[0\] = 10000000000000000 is not a whole millisecond that int64 nanoseconds can hold/);
  });
});
