/** A datapoint as stored: time in epoch microseconds. */
export interface StoredPoint {
  t: number;
  value: number;
  status: number;
}

/** Written datapoints of one series, kept sorted by time with at most one point per time. */
export class PointBuffer {
  private points: StoredPoint[] = [];

  get length(): number {
    return this.points.length;
  }

  at(index: number): StoredPoint | undefined {
    return this.points[index];
  }

  /** Index of the first point with `t ≥ time`. */
  lowerBound(time: number): number {
    let [lo, hi] = [0, this.points.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.points[mid]?.t ?? Infinity) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds or replaces points by time (the API's upsert); within one batch the last point for a time wins. */
  upsert(batch: readonly StoredPoint[]): void {
    if (batch.length === 0) return;
    const incoming = dedupeSorted([...batch].sort((a, b) => a.t - b.t));
    const last = this.points.at(-1);
    const firstNew = incoming[0];
    // Appending newer points is the common case (a prediction loop moving forward): no merge.
    if (last === undefined || (firstNew !== undefined && firstNew.t > last.t)) {
      this.points.push(...incoming);
      return;
    }
    const merged: StoredPoint[] = [];
    let [i, j] = [0, 0];
    for (;;) {
      const a = this.points[i];
      const b = incoming[j];
      if (a === undefined && b === undefined) break;
      if (a !== undefined && (b === undefined || a.t < b.t)) {
        merged.push(a);
        i += 1;
      } else if (b !== undefined) {
        if (a !== undefined && a.t === b.t) i += 1;
        merged.push(b);
        j += 1;
      }
    }
    this.points = merged;
  }

  /** Removes points with `from ≤ t < to`; returns how many. */
  deleteRange(from: number, to: number): number {
    const start = this.lowerBound(from);
    const end = this.lowerBound(to);
    this.points.splice(start, Math.max(0, end - start));
    return Math.max(0, end - start);
  }
}

function dedupeSorted(points: StoredPoint[]): StoredPoint[] {
  const out: StoredPoint[] = [];
  for (const p of points) {
    if (out.at(-1)?.t === p.t) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}
