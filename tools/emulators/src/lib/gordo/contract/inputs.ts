import { formatIndexKeys, type Timestamp } from '../frames/timestamps';

/** Deterministic sensor-like values in [0.2, 0.8] with 4 decimals (exact in JSON), rows × tags. */
export function sampleValues(rows: number, tags: number, salt = 0): number[][] {
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: tags }, (_, j) => {
      const x = Math.sin((i + 1) * 12.9898 + (j + 1) * 78.233 + salt * 3.7) * 43758.5453;
      return Math.round((0.2 + 0.6 * (x - Math.floor(x))) * 1e4) / 1e4;
    }),
  );
}

/** The observed targets: the inputs, off by 0.05 on every fourth cell, so anomalies are not all zero. */
export function perturbed(values: number[][], pick: (row: number[]) => number[] = (r) => r): number[][] {
  return values.map((row, i) =>
    pick(row).map((v, j) => ((i + j) % 4 === 0 ? Math.round((v + 0.05) * 1e4) / 1e4 : v)),
  );
}

/** Index keys as the Python client writes them: `2020-02-01 00:00:00+00:00`, one step apart. */
export function clientIndexKeys(
  rows: number,
  stepMicros: number,
  startMicros = Date.UTC(2020, 1, 1) * 1000,
): string[] {
  const stamps: Timestamp[] = Array.from({ length: rows }, (_, i) => ({
    micros: startMicros + i * stepMicros,
    offset: 0,
  }));
  return formatIndexKeys(stamps);
}

/** `{tag: {indexKey: value}}`, the Python client's JSON shape. */
export function clientShape(
  tags: readonly string[],
  values: readonly number[][],
  keys: readonly string[],
): Record<string, Record<string, number>> {
  return Object.fromEntries(
    tags.map((tag, j) => [
      tag,
      Object.fromEntries(keys.map((k, i) => [k, (values[i] as number[])[j] as number])),
    ]),
  );
}

/** Records `[{tag: value}]`. */
export function records(tags: readonly string[], values: readonly number[][]): Record<string, number>[] {
  return values.map((row) => Object.fromEntries(tags.map((t, j) => [t, row[j] as number])));
}

/** Dict of lists `{tag: [values]}`. */
export function columnLists(tags: readonly string[], values: readonly number[][]): Record<string, number[]> {
  return Object.fromEntries(tags.map((t, j) => [t, values.map((row) => row[j] as number)]));
}
