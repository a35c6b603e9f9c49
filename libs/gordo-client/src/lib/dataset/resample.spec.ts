import { aggregate } from './aggregation';
import { fillGaps } from './interpolation';
import { type Resampling, resampleSeries } from './resample';

// Every expected value below was worked out by hand and checked against gordo-core 0.3.6's
// `utils.resample` (pandas 1.5.3) in the Gordo peer's venv.

const T = (hhmm: string, day = '2020-01-01') => Date.parse(`${day}T${hhmm}:00Z`);
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const points = (...pairs: [string, number][]) => ({
  times: pairs.map(([t]) => T(t)),
  values: pairs.map(([, v]) => v),
});
const tenMinutes = (over: Partial<Resampling> = {}): Resampling => ({
  resolutionMs: 600_000,
  aggregation: 'mean',
  interpolation: 'linear_interpolation',
  limitBuckets: 288, // 48H / 10T
  ...over,
});
const table = (r: ReturnType<typeof resampleSeries>) =>
  r ? [...r.index].map((t, i) => [hhmm(t), r.values[i]]) : undefined;

describe('resampleSeries (gordo-core semantics)', () => {
  it('labels buckets by their left edge, counted from midnight: a window starting at 00:07 begins with the 00:00 bucket', () => {
    const r = resampleSeries(
      points(['00:08', 1], ['00:12', 2], ['00:19', 4], ['00:25', 6], ['00:41', 10]),
      { start: T('00:07'), end: T('00:43') },
      tenMinutes(),
    );
    // 00:10 is the mean of 2 and 4; the empty 00:30 bucket lies on the line from 6 to 10.
    expect(table(r)).toEqual([
      ['00:00', 1],
      ['00:10', 3],
      ['00:20', 6],
      ['00:30', 8],
      ['00:40', 10],
    ]);
  });

  it('aligns a resolution that does not divide the hour to midnight, not to the window start', () => {
    const r = resampleSeries(
      points(['01:00', 1], ['01:04', 3], ['01:05', 5]),
      { start: T('01:00'), end: T('01:10') },
      tenMinutes({ resolutionMs: 7 * 60_000 }),
    );
    // 01:00 is 8 × 7 min + 4 min after midnight: its bucket starts at 00:56.
    expect(table(r)).toEqual([
      ['00:56', 1],
      ['01:03', 4],
      ['01:10', 4], // the end pad's bucket, filled from the last value
    ]);
  });

  it('interpolates linearly at most `limit` buckets after the last value, then leaves the gap', () => {
    const r = resampleSeries(
      points(['00:00', 1], ['00:50', 6]),
      { start: T('00:00'), end: T('00:59') },
      tenMinutes({ limitBuckets: 2 }),
    );
    expect(table(r)).toEqual([
      ['00:00', 1],
      ['00:10', 2],
      ['00:20', 3],
      ['00:30', NaN],
      ['00:40', NaN],
      ['00:50', 6],
    ]);
  });

  it('forward-fills (ffill) with the same limit', () => {
    const r = resampleSeries(
      points(['00:00', 1], ['00:50', 6]),
      { start: T('00:00'), end: T('00:59') },
      tenMinutes({ limitBuckets: 2, interpolation: 'ffill' }),
    );
    expect(r?.values).toEqual(Float64Array.from([1, 1, 1, NaN, NaN, 6]));
  });

  it('never fills before the first value, and repeats the last value up to the limit after it', () => {
    const r = resampleSeries(
      points(['00:25', 2], ['00:31', 4]),
      { start: T('00:00'), end: T('01:00') },
      tenMinutes({ limitBuckets: 2 }),
    );
    expect(r?.values).toEqual(Float64Array.from([NaN, NaN, 2, 4, 4, 4, NaN]));
  });

  it('keeps a point exactly at the window end (in its own bucket) and ignores points outside the window', () => {
    const r = resampleSeries(
      points(['23:50', 100], ['00:05', 2], ['00:30', 8], ['00:31', 100]),
      { start: T('00:00'), end: T('00:30') },
      tenMinutes(),
    );
    expect(table(r)).toEqual([
      ['00:00', 2],
      ['00:10', 4],
      ['00:20', 6],
      ['00:30', 8],
    ]);
  });

  it('uses numpy’s interpolation arithmetic (slope × distance + start), bit for bit', () => {
    const r = resampleSeries(
      points(['00:00', 0.1], ['00:30', 0.2]),
      { start: T('00:00'), end: T('00:35') },
      tenMinutes(),
    );
    expect([...(r?.values ?? [])]).toEqual([0.1, 0.13333333333333333, 0.16666666666666669, 0.2]);
  });

  it('returns undefined for a tag without points in the window', () => {
    expect(
      resampleSeries(points(['02:00', 1]), { start: T('00:00'), end: T('01:00') }, tenMinutes()),
    ).toBeUndefined();
  });

  it('sorts unsorted input before bucketing', () => {
    const r = resampleSeries(
      { times: [T('00:12'), T('00:01')], values: [3, 1] },
      { start: T('00:00'), end: T('00:15') },
      tenMinutes(),
    );
    expect(r?.values).toEqual(Float64Array.from([1, 3]));
  });
});

describe('aggregate (pandas resampler aggregations)', () => {
  const values = [2, 4, NaN, 9];
  it.each([
    ['mean', 5],
    ['min', 2],
    ['max', 9],
    ['sum', 15],
    ['median', 4],
    ['first', 2],
    ['last', 9],
    ['count', 3],
    ['std', Math.sqrt(13)],
  ] as const)('%s skips NaN', (method, expected) => {
    expect(aggregate(method, values, 0, values.length)).toBeCloseTo(expected, 12);
  });

  it('sums as pandas does (Kahan-compensated): ten times 0.1 is 1, their mean 0.1', () => {
    const tenths = Array.from({ length: 10 }, () => 0.1);
    expect(tenths.reduce((a, b) => a + b)).not.toBe(1); // what a naive sum gives
    expect(aggregate('sum', tenths, 0, 10)).toBe(1);
    expect(aggregate('mean', tenths, 0, 10)).toBe(0.1);
    expect(aggregate('std', tenths, 0, 10)).toBe(0);
    expect(aggregate('std', [1, 2, 4, 7.5], 0, 4)).toBe(2.868652413009751);
  });

  it('gives NaN for an empty bucket, but 0 for sum and count (min_count=0), and NaN std for one value', () => {
    expect(aggregate('mean', [], 0, 0)).toBeNaN();
    expect(aggregate('max', [NaN], 0, 1)).toBeNaN();
    expect(aggregate('sum', [NaN], 0, 1)).toBe(0);
    expect(aggregate('count', [], 0, 0)).toBe(0);
    expect(aggregate('std', [3], 0, 1)).toBeNaN();
    expect(aggregate('median', [1, 4, 2, 3], 0, 4)).toBe(2.5);
  });
});

describe('fillGaps', () => {
  it('fills every gap when there is no limit', () => {
    expect(
      fillGaps(Float64Array.from([NaN, 0, NaN, NaN, NaN, 4, NaN]), 'linear_interpolation', undefined),
    ).toEqual(Float64Array.from([NaN, 0, 1, 2, 3, 4, 4]));
  });
});
