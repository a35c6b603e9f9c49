import { aggregate, type AggregationMethod } from './aggregation';
import { fillGaps, type InterpolationMethod } from './interpolation';

const DAY_MS = 86_400_000;

/** Raw datapoints of one tag: epoch milliseconds (ascending) and values. */
export interface SeriesPoints {
  readonly times: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** The data window of a dataset, epoch milliseconds: `start` inclusive; a point exactly at `end` is kept, as gordo keeps it. */
export interface DataWindow {
  readonly start: number;
  readonly end: number;
}

/** How one series becomes buckets (from the model's dataset settings; see `planDataset`). */
export interface Resampling {
  readonly resolutionMs: number;
  readonly aggregation: AggregationMethod;
  readonly interpolation: InterpolationMethod;
  /** Buckets filled at most after the last valid one (`interpolation_limit / resolution`); undefined = no limit. */
  readonly limitBuckets: number | undefined;
}

/** A resampled series: bucket starts (epoch ms) and values, NaN where nothing could be filled. */
export interface ResampledSeries {
  readonly index: Float64Array;
  readonly values: Float64Array;
}

/**
 * Resamples one tag as gordo-core does before a prediction: the series is padded with NaN at the
 * window's start and end (so every tag gets the same buckets), cut into left-labelled buckets
 * `[t, t + resolution)` counted from midnight UTC of the start's day (pandas' `origin="start_day"`),
 * aggregated, then gaps are filled up to the limit. Points outside the window are ignored.
 * Returns undefined when the window holds no point (gordo: "features are missing data").
 */
export function resampleSeries(
  points: SeriesPoints,
  window: DataWindow,
  resampling: Resampling,
): ResampledSeries | undefined {
  const { times, values } = inWindow(points, window);
  if (times.length === 0) return undefined;
  const step = resampling.resolutionMs;
  const origin = Math.floor(window.start / DAY_MS) * DAY_MS;
  const bucketOf = (t: number) => Math.floor((t - origin) / step);
  const first = bucketOf(window.start);
  const count = bucketOf(window.end) - first + 1;
  const index = new Float64Array(count);
  const resampled = new Float64Array(count);
  let p = 0;
  for (let b = 0; b < count; b++) {
    index[b] = origin + (first + b) * step;
    const bucketEnd = (index[b] as number) + step;
    const from = p;
    while (p < times.length && (times[p] as number) < bucketEnd) p++;
    resampled[b] = aggregate(resampling.aggregation, values, from, p);
  }
  return { index, values: fillGaps(resampled, resampling.interpolation, resampling.limitBuckets) };
}

/** The points in the window, in time order (the API answers sorted; anything else is sorted here). */
function inWindow(points: SeriesPoints, window: DataWindow): { times: Float64Array; values: Float64Array } {
  const order: number[] = [];
  for (let i = 0; i < points.times.length; i++) {
    const t = points.times[i] as number;
    if (t >= window.start && t <= window.end) order.push(i);
  }
  let sorted = true;
  for (let k = 1; k < order.length && sorted; k++)
    sorted = (points.times[order[k] as number] as number) >= (points.times[order[k - 1] as number] as number);
  if (!sorted) order.sort((a, b) => (points.times[a] as number) - (points.times[b] as number));
  return {
    times: Float64Array.from(order, (i) => points.times[i] as number),
    values: Float64Array.from(order, (i) => points.values[i] as number),
  };
}
