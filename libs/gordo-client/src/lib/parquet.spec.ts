import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { orderFrame } from './frame';
import { prepareInput } from './input';
import { decodeJsonResponse, ResponseShapeError } from './json-transport';
import { decodeParquetResponse, encodeParquetInput, parseTupleName } from './parquet';
import { parseTolerantJson } from './tolerant-json';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name));
const tags = Array.from({ length: 10 }, (_, i) => `tag-${i + 1}`);
const order = { inputTags: tags, targetTags: tags.slice(0, 4) };

describe('encodeParquetInput', () => {
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

describe('decodeParquetResponse', () => {
  it('gives the same frame as the JSON response for the same rows (recorded from the real server)', () => {
    const fromParquet = orderFrame(
      decodeParquetResponse(new Uint8Array(fixture('diff-10tags-anomaly.parquet'))),
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

  it('rejects a body that is not parquet', () => {
    expect(() => decodeParquetResponse(new TextEncoder().encode('<html>Sign in</html>'))).toThrow(
      ResponseShapeError,
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
