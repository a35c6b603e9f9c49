/** The pandas aggregations a resampled bucket can take (`aggregation_methods` of a Gordo dataset). */
export const AGGREGATION_METHODS = [
  'mean',
  'min',
  'max',
  'sum',
  'median',
  'first',
  'last',
  'count',
  'std',
] as const;
export type AggregationMethod = (typeof AGGREGATION_METHODS)[number];

export function isAggregationMethod(name: string): name is AggregationMethod {
  return (AGGREGATION_METHODS as readonly string[]).includes(name);
}

/**
 * Aggregates `values[from..to)` as pandas' resampler does, with its arithmetic: NaN is skipped;
 * sums and means are Kahan-compensated (pandas' `group_sum`/`group_mean`), `std` is the sample
 * deviation from Welford's updates (`group_var`, ddof 1). An empty bucket is NaN, except `sum` and
 * `count`, which are 0 (pandas' `min_count=0`); `std` is NaN below two values.
 */
export function aggregate(
  method: AggregationMethod,
  values: ArrayLike<number>,
  from: number,
  to: number,
): number {
  let n = 0;
  let sum = 0;
  let compensation = 0;
  let min = Infinity;
  let max = -Infinity;
  let first = NaN;
  let last = NaN;
  for (let i = from; i < to; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    if (n === 0) first = v;
    last = v;
    n++;
    const y = v - compensation;
    const t = sum + y;
    compensation = t - sum - y;
    sum = t;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  switch (method) {
    case 'count':
      return n;
    case 'sum':
      return sum;
    case 'mean':
      return n === 0 ? NaN : sum / n;
    case 'min':
      return n === 0 ? NaN : min;
    case 'max':
      return n === 0 ? NaN : max;
    case 'first':
      return first;
    case 'last':
      return last;
    case 'median':
      return median(values, from, to);
    case 'std':
      return sampleStd(values, from, to);
  }
}

function median(values: ArrayLike<number>, from: number, to: number): number {
  const present: number[] = [];
  for (let i = from; i < to; i++) if (!Number.isNaN(values[i] as number)) present.push(values[i] as number);
  if (present.length === 0) return NaN;
  present.sort((a, b) => a - b);
  const mid = present.length >> 1;
  return present.length % 2 === 1
    ? (present[mid] as number)
    : ((present[mid - 1] as number) + (present[mid] as number)) / 2;
}

function sampleStd(values: ArrayLike<number>, from: number, to: number): number {
  let n = 0;
  let mean = 0;
  let squares = 0;
  for (let i = from; i < to; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    n++;
    const previous = mean;
    mean += (v - previous) / n;
    squares += (v - mean) * (v - previous);
  }
  return n < 2 ? NaN : Math.sqrt(squares / (n - 1));
}
