import type { ResultFrame } from './frames/result-frame';
import type { Table } from './frames/table';
import { frameToParquet, tableFromParquet, tableToParquet } from './parquet';

const HOUR = 3_600_000_000;
const T0 = Date.UTC(2026, 10, 23, 20) * 1000;

function frame(variant: number): ResultFrame {
  const rows = 4;
  const stamps = Array.from({ length: rows }, (_, r) => ({
    micros: T0 + r * HOUR + (variant === 2 ? 60 * 60_000_000 : 0),
    offset: variant === 2 ? 60 : 0,
  }));
  const floats = (seed: number) => Float64Array.from({ length: rows }, (_, r) => seed * 1.5 + r / 7);
  return {
    index:
      variant === 1
        ? { kind: 'int', values: [3, 1, 4, 1], range: false }
        : variant === 3
          ? { kind: 'int', values: [5, 6, 7, 8], range: true }
          : { kind: 'datetime', stamps, offset: stamps[0]?.offset ?? null },
    columns: [
      { group: 'start', name: '', values: { kind: 'text', data: ['a', null, 'c', 'd'] } },
      { group: 'end', name: '', values: { kind: 'text', data: [null, null, null, null] } },
      {
        group: 'model-input',
        name: `tag-${variant}`,
        values: { kind: 'cells', dtype: 'float', columnDtype: 'float', data: [1, null, 2.5, 3] },
      },
      { group: 'model-output', name: "it's", values: { kind: 'float', data: floats(variant) } },
      {
        group: 'total-anomaly-scaled',
        name: '',
        values: { kind: 'float', data: Float64Array.from([NaN, 1, 2, NaN]) },
      },
    ],
  };
}

/** `frameToParquet` in a module of its own, i.e. with empty schema and name caches. */
function uncached(f: ResultFrame): Uint8Array {
  let bytes: Uint8Array | undefined;
  jest.isolateModules(() => {
    bytes = (require('./parquet') as typeof import('./parquet')).frameToParquet(f);
  });
  return bytes as Uint8Array;
}

describe('frameToParquet', () => {
  it('writes the same bytes with its schema and name caches warm as with them cold', () => {
    const frames = [0, 1, 2, 3].map(frame);
    const cold = frames.map(uncached);
    // Interleaved and repeated, so each layout is served from the cache after another one.
    for (const round of [0, 1])
      frames.forEach((f, i) =>
        expect([round, i, Buffer.from(frameToParquet(f))]).toEqual([
          round,
          i,
          Buffer.from(cold[i] as Uint8Array),
        ]),
      );
  });
});

describe('tableFromParquet', () => {
  it('reads double columns without nulls (the fast path) and with nulls to the same values', () => {
    const table: Table = {
      labels: ['a', 'b'],
      positionalLabels: false,
      columns: [
        { dtype: 'float', values: [1.5, -0, 1e300, 4e-7] },
        { dtype: 'float', values: [1, null, 3, 4] },
      ],
      index: { kind: 'int', values: [0, 1, 2, 3], range: true },
    };
    const read = tableFromParquet(tableToParquet(table));
    expect(read.columns).toEqual([
      { dtype: 'float', values: [1.5, -0, 1e300, 4e-7] },
      { dtype: 'float', values: [1, null, 3, 4] },
    ]);
    expect(Object.is(read.columns[0]?.values[1], -0)).toBe(true);
  });
});
