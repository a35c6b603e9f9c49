/**
 * A prediction result, columnar: one timestamp array and one Float64Array per column, grouped as
 * Gordo groups them (`model-input`, `model-output`, `tag-anomaly-scaled`, `total-anomaly-scaled`, …).
 * Single-column groups (`total-anomaly-*`) have one column named `''`, as pandas names them.
 * Missing values (JSON `null`, parquet nulls, `NaN`) are NaN.
 */
export interface PredictionFrame {
  /** Row timestamps (the start of each resampled bucket), epoch milliseconds, ascending. */
  readonly index: Float64Array;
  /** Row end (start + resolution), epoch milliseconds; NaN where the server sends none (`/prediction`). */
  readonly end: Float64Array;
  /** group → column name → values, groups in Gordo's order, names in metadata tag order. */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, Float64Array>>;
}

/** One decoded column before ordering. */
export interface RawColumn {
  readonly group: string;
  readonly name: string;
  readonly values: Float64Array;
}

/** A decoded batch (JSON or parquet), columns in whatever order the transport gave them. */
export interface RawFrame {
  readonly index: Float64Array;
  readonly end: Float64Array;
  readonly columns: readonly RawColumn[];
}

/** The tag lists that fix column order: JSON sorts keys as strings (`tag-1, tag-10, tag-2`). */
export interface ColumnOrder {
  readonly inputTags: readonly string[];
  readonly targetTags: readonly string[];
}

/** The order the server builds its groups in (what parquet shows); unknown groups follow. */
const GROUP_ORDER = [
  'model-input',
  'model-output',
  'tag-anomaly-scaled',
  'total-anomaly-scaled',
  'tag-anomaly-unscaled',
  'total-anomaly-unscaled',
  'smooth-tag-anomaly-scaled',
  'smooth-total-anomaly-scaled',
  'smooth-tag-anomaly-unscaled',
  'smooth-total-anomaly-unscaled',
  'anomaly-confidence',
  'total-anomaly-confidence',
];

/** Orders a decoded batch: groups as the server builds them, names by the metadata tag lists. */
export function orderFrame(raw: RawFrame, order: ColumnOrder): PredictionFrame {
  const groups = new Map<string, RawColumn[]>();
  for (const column of raw.columns) {
    const list = groups.get(column.group);
    if (list) list.push(column);
    else groups.set(column.group, [column]);
  }
  const groupNames = [...groups.keys()].sort((a, b) => groupRank(a) - groupRank(b)); // stable: unknowns keep their order
  const columns = new Map<string, Map<string, Float64Array>>();
  for (const group of groupNames) {
    const tags = group === 'model-input' ? order.inputTags : order.targetTags;
    const other = group === 'model-input' ? order.targetTags : order.inputTags;
    const rank = (name: string): number => {
      const own = tags.indexOf(name);
      if (own >= 0) return own;
      const elsewhere = other.indexOf(name);
      if (elsewhere >= 0) return tags.length + elsewhere;
      // Outputs wider or narrower than the targets are named "0", "1", …: numeric order.
      return /^\d+$/.test(name) ? tags.length + other.length + Number(name) : Number.MAX_SAFE_INTEGER;
    };
    const sorted = [...(groups.get(group) as RawColumn[])].sort((a, b) => rank(a.name) - rank(b.name));
    columns.set(group, new Map(sorted.map((c) => [c.name, c.values])));
  }
  return { index: raw.index, end: raw.end, columns };
}

/** A group's place in the server's order (unknown groups last). */
export function groupRank(group: string): number {
  const i = GROUP_ORDER.indexOf(group);
  return i >= 0 ? i : GROUP_ORDER.length;
}

/** Joins batches in the given (time) order; a column missing from a batch is NaN there. */
export function concatFrames(frames: readonly PredictionFrame[]): PredictionFrame {
  if (frames.length === 1) return frames[0] as PredictionFrame;
  const rows = frames.reduce((n, f) => n + f.index.length, 0);
  const index = new Float64Array(rows);
  const end = new Float64Array(rows);
  const columns = new Map<string, Map<string, Float64Array>>();
  // Union of columns in first-seen order, so every batch lands in the same layout.
  for (const frame of frames) {
    for (const [group, names] of frame.columns) {
      let target = columns.get(group);
      if (!target) columns.set(group, (target = new Map()));
      for (const name of names.keys())
        if (!target.has(name)) target.set(name, new Float64Array(rows).fill(NaN));
    }
  }
  let offset = 0;
  for (const frame of frames) {
    index.set(frame.index, offset);
    end.set(frame.end, offset);
    for (const [group, names] of frame.columns) {
      const target = columns.get(group) as Map<string, Float64Array>;
      for (const [name, values] of names) (target.get(name) as Float64Array).set(values, offset);
    }
    offset += frame.index.length;
  }
  return { index, end, columns };
}
