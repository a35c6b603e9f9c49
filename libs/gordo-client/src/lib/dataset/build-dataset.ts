import { DatasetError } from './errors';
import type { DatasetPlan } from './dataset-plan';
import { type DataWindow, resampleSeries, type SeriesPoints } from './resample';

/** Model input as the Gordo client builds it: complete rows only, one column per model tag. */
export interface PreparedDataset {
  /** Row timestamps (bucket starts), epoch ms, ascending. */
  readonly index: Float64Array;
  /** Input and target tags (filter-only tags dropped) → values, one per row, all finite. */
  readonly columns: ReadonlyMap<string, Float64Array>;
}

/**
 * Builds a model's input from raw sensor data the way gordo-core's `get_client_data` does:
 * resample every tag (see `resampleSeries`), drop each tag's empty buckets, inner-join on the
 * bucket timestamps, apply the row filter (buffer 0, as at prediction time), drop the
 * filter-only tags. Without resampling the raw series are joined on equal timestamps.
 * Not applied, as gordo does not apply them to predictions either: `known_filter_periods`,
 * `filter_periods`, `n_samples_threshold`, `row_filter_buffer_size`; nor gordo's optional look-back
 * fill from a provider's closest earlier point (leading empty buckets are dropped instead).
 * @throws DatasetError `DATASET_MISSING_DATA`, `DATASET_EMPTY`, `DATASET_EMPTY_AFTER_ROW_FILTER`.
 */
export function buildDataset(
  plan: DatasetPlan,
  window: DataWindow,
  series: ReadonlyMap<string, SeriesPoints>,
): PreparedDataset {
  const perTag = new Map<string, { index: ArrayLike<number>; values: ArrayLike<number> }>();
  const missing: string[] = [];
  for (const tag of plan.tags) {
    const points = series.get(tag) ?? { times: [], values: [] };
    const resampled = plan.resampling
      ? resampleSeries(points, window, plan.resampling)
      : rawInWindow(points, window);
    if (!resampled) missing.push(tag);
    else perTag.set(tag, resampled);
  }
  if (missing.length > 0) {
    throw new DatasetError(
      'DATASET_MISSING_DATA',
      `no data in the window for ${missing.length === 1 ? 'tag' : 'tags'} ${missing.join(', ')}`,
      { tags: missing },
    );
  }

  const rows = completeRows(plan.tags, perTag);
  if (rows.times.length === 0)
    throw new DatasetError('DATASET_EMPTY', 'no complete row after resampling and joining the tags', {
      tags: plan.tags,
    });

  let kept: Int32Array | undefined; // row numbers the filter kept; undefined = all
  if (plan.rowFilter) {
    const filter = plan.rowFilter;
    const valueOf = (tag: string, row: number) => (rows.columns.get(tag) as Float64Array)[row] as number;
    const keep: number[] = [];
    for (let i = 0; i < rows.times.length; i++) if (filter.test(valueOf, i)) keep.push(i);
    if (keep.length === 0) {
      throw new DatasetError(
        'DATASET_EMPTY_AFTER_ROW_FILTER',
        `the row filter kept none of ${rows.times.length} rows: ${filter.expressions.join(' & ')}`,
        { rowFilter: filter.expressions.join(' & ') },
      );
    }
    if (keep.length < rows.times.length) kept = Int32Array.from(keep);
  }
  const pick = (values: Float64Array): Float64Array => {
    if (!kept) return values;
    const out = new Float64Array(kept.length);
    for (let i = 0; i < kept.length; i++) out[i] = values[kept[i] as number] as number;
    return out;
  };
  const modelTags = plan.tags.filter((t) => !plan.filterOnlyTags.includes(t));
  return {
    index: pick(rows.times),
    columns: new Map(modelTags.map((tag) => [tag, pick(rows.columns.get(tag) as Float64Array)])),
  };
}

/** Complete rows, ascending by time: one array per tag, aligned with `times`. */
interface Rows {
  times: Float64Array;
  columns: Map<string, Float64Array>;
}

/**
 * Inner join on timestamps, keeping rows where every tag has a value (gordo: concat inner +
 * dropna); a timestamp given twice keeps its last value. Columnar, because a dataset holds
 * rows × tags values and a Map per row made this the client's costliest step; rows are found by
 * binary search in the sorted candidate times, because a Map keyed by epoch milliseconds (not
 * small integers) boxed every timestamp it was asked for.
 */
function completeRows(
  tags: readonly string[],
  perTag: ReadonlyMap<string, { index: ArrayLike<number>; values: ArrayLike<number> }>,
): Rows {
  const first = perTag.get(tags[0] as string);
  if (!first) return { times: new Float64Array(0), columns: new Map() };
  // Candidate rows: the first tag's timestamps with a value, ascending and distinct.
  const sorted = new Float64Array(first.index.length);
  let found = 0;
  for (let i = 0; i < first.index.length; i++)
    if (!Number.isNaN(first.values[i] as number)) sorted[found++] = first.index[i] as number;
  const candidates = sorted.subarray(0, found).sort();
  let n = 0;
  for (let i = 0; i < candidates.length; i++)
    if (n === 0 || candidates[i] !== candidates[n - 1]) candidates[n++] = candidates[i] as number;
  const values = tags.map(() => new Float64Array(n));
  // seenBy[row] = the last tag (by position) that gave the row a value; a row missing one tag is dead.
  const seenBy = new Int32Array(n).fill(-1);
  tags.forEach((tag, k) => {
    const s = perTag.get(tag) as { index: ArrayLike<number>; values: ArrayLike<number> };
    const column = values[k] as Float64Array;
    for (let i = 0; i < s.index.length; i++) {
      const v = s.values[i] as number;
      if (Number.isNaN(v)) continue;
      const row = rowOf(candidates, n, s.index[i] as number);
      if (row < 0 || (seenBy[row] as number) < k - 1) continue;
      column[row] = v;
      seenBy[row] = k;
    }
  });
  const last = tags.length - 1;
  let alive = 0;
  for (let row = 0; row < n; row++) if (seenBy[row] === last) alive++;
  const gather = (from: Float64Array) => {
    if (alive === n) return from.slice(0, n);
    const out = new Float64Array(alive);
    for (let row = 0, at = 0; row < n; row++) if (seenBy[row] === last) out[at++] = from[row] as number;
    return out;
  };
  return {
    times: gather(candidates),
    columns: new Map(tags.map((tag, k) => [tag, gather(values[k] as Float64Array)])),
  };
}

/** The row of time `t` among the first `n` ascending `times`, or −1. */
function rowOf(times: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = times[mid] as number;
    if (at < t) lo = mid + 1;
    else if (at > t) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Without resampling: the raw points in the window, or undefined when there are none. */
function rawInWindow(
  points: SeriesPoints,
  window: DataWindow,
): { index: number[]; values: number[] } | undefined {
  const index: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < points.times.length; i++) {
    const t = points.times[i] as number;
    if (t >= window.start && t <= window.end) {
      index.push(t);
      values.push(points.values[i] as number);
    }
  }
  return index.length > 0 ? { index, values } : undefined;
}
