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
  const { times, values } = points;
  let from = -1;
  let to = -1;
  let sorted = true;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    if (i > 0 && t < (times[i - 1] as number)) sorted = false;
    if (t >= window.start && t <= window.end) {
      if (from < 0) from = i;
      else if (to !== i) sorted = false; // a gap of outside points between inside ones: take the slow path
      to = i + 1;
    }
  }
  if (from < 0) return { times: new Float64Array(0), values: new Float64Array(0) };
  // Sorted input (the usual case): one contiguous run, copied without an index list.
  if (sorted) return { times: copy(times, from, to), values: copy(values, from, to) };
  const order: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    if (t >= window.start && t <= window.end) order.push(i);
  }
  order.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  const outTimes = new Float64Array(order.length);
  const outValues = new Float64Array(order.length);
  order.forEach((i, k) => {
    outTimes[k] = times[i] as number;
    outValues[k] = values[i] as number;
  });
  return { times: outTimes, values: outValues };
}

function copy(from: ArrayLike<number>, start: number, end: number): Float64Array {
  const out = new Float64Array(end - start);
  for (let i = start; i < end; i++) out[i - start] = from[i] as number;
  return out;
}
