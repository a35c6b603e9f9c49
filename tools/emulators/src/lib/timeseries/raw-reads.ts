import type { StoredPoint } from './point-buffer';
import type { SeriesStore, Window } from './series-store';

/** One raw datapoint read (GET `/{id}/data`, an item of POST `/query/data`). */
export interface RawRead {
  /** Epoch µs; absent bounds mean the whole history on that side. */
  start?: number;
  end?: number;
  statuses?: Set<number>;
  includeOutsidePoints: boolean;
  /** Page size. */
  limit: number;
  /** The cursor of a continuation token: the time of the last point already returned. */
  after?: number;
}

export interface RawPage {
  points: StoredPoint[];
  /** Set when more points remain. */
  after?: number;
}

/**
 * Reads one page. The window is `start ≤ t ≤ end` (or `< end` when `endInclusive` is off).
 * With `includeOutsidePoints`, the nearest point before `start` opens the first page and the
 * nearest point after `end` closes the last one; these two are not counted against `limit`.
 */
export function readRaw(store: SeriesStore, id: string, read: RawRead, endInclusive: boolean): RawPage {
  const window: Window = {
    from: read.start ?? -Infinity,
    to: read.end === undefined ? Infinity : endInclusive ? read.end + 1 : read.end,
  };
  const keep = (p: StoredPoint) => read.statuses === undefined || read.statuses.has(p.status);
  const from = read.after === undefined ? window.from : Math.max(window.from, read.after + 1);
  const taken = store.take(id, { from, to: window.to }, read.limit + 1, keep);
  const page: RawPage = { points: taken.slice(0, read.limit) };
  const lastOfPage = page.points.at(-1);
  if (taken.length > read.limit && lastOfPage) page.after = lastOfPage.t;
  if (read.includeOutsidePoints) {
    if (read.after === undefined && read.start !== undefined) {
      page.points.unshift(...store.take(id, { from: -Infinity, to: window.from }, 1, keep, true));
    }
    if (page.after === undefined && read.end !== undefined) {
      page.points.push(...store.take(id, { from: window.to, to: Infinity }, 1, keep));
    }
  }
  return page;
}

/** The first (or, backward, the last) point in a window that passes the status filter. */
export function edgePoint(
  store: SeriesStore,
  id: string,
  window: Window,
  statuses: Set<number> | undefined,
  last: boolean,
): StoredPoint[] {
  return store.take(id, window, 1, (p) => statuses === undefined || statuses.has(p.status), last);
}
