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
  if (rows.length === 0)
    throw new DatasetError('DATASET_EMPTY', 'no complete row after resampling and joining the tags', {
      tags: plan.tags,
    });

  const columnOf = (tag: string) => rows.map((r) => r.values.get(tag) as number);
  let kept = rows;
  if (plan.rowFilter) {
    const filter = plan.rowFilter;
    const columns = new Map(filter.tags.map((t) => [t, columnOf(t)]));
    kept = rows.filter((_, i) => filter.test((tag, row) => (columns.get(tag) as number[])[row] as number, i));
    if (kept.length === 0) {
      throw new DatasetError(
        'DATASET_EMPTY_AFTER_ROW_FILTER',
        `the row filter kept none of ${rows.length} rows: ${filter.expressions.join(' & ')}`,
        { rowFilter: filter.expressions.join(' & ') },
      );
    }
  }
  const modelTags = plan.tags.filter((t) => !plan.filterOnlyTags.includes(t));
  return {
    index: Float64Array.from(kept, (r) => r.time),
    columns: new Map(
      modelTags.map((tag) => [tag, Float64Array.from(kept, (r) => r.values.get(tag) as number)]),
    ),
  };
}

interface Row {
  time: number;
  values: Map<string, number>;
}

/** Inner join on timestamps, keeping rows where every tag has a value (gordo: concat inner + dropna). */
function completeRows(
  tags: readonly string[],
  perTag: ReadonlyMap<string, { index: ArrayLike<number>; values: ArrayLike<number> }>,
): Row[] {
  const byTime = new Map<number, Map<string, number>>();
  const [firstTag] = tags;
  const first = perTag.get(firstTag as string);
  if (!first) return [];
  for (let i = 0; i < first.index.length; i++) {
    const v = first.values[i] as number;
    if (!Number.isNaN(v)) byTime.set(first.index[i] as number, new Map([[firstTag as string, v]]));
  }
  for (const tag of tags.slice(1)) {
    const s = perTag.get(tag) as { index: ArrayLike<number>; values: ArrayLike<number> };
    const seen = new Set<number>();
    for (let i = 0; i < s.index.length; i++) {
      const t = s.index[i] as number;
      const v = s.values[i] as number;
      const row = byTime.get(t);
      if (!row || Number.isNaN(v)) continue;
      row.set(tag, v);
      seen.add(t);
    }
    for (const t of [...byTime.keys()]) if (!seen.has(t)) byTime.delete(t);
  }
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([time, values]) => ({ time, values }));
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
