import { formatApiTime } from './series';

/** The datapoints to write to one series (parallel arrays; epoch ms). */
export interface SeriesWrite {
  id: string;
  times: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface WireDatapoint {
  time: string;
  value: number;
  status: number;
}

export interface WireItem {
  id: string;
  datapoints: WireDatapoint[];
}

export interface WritePlan {
  /** Bodies of `POST /data`, each with at most `maxPoints` datapoints. */
  requests: Array<{ items: WireItem[] }>;
  written: number;
  /** NaN cannot be stored (JSON has no NaN); these points are left out, as the original did. */
  skippedNaN: number;
}

/** Where `walkWrites` hands the points, in request order. */
interface WriteSink {
  /** A finite point of `write`; `opensItem` when it is the write's first in the current request. */
  point(write: SeriesWrite, index: number, value: number, opensItem: boolean): void;
  /** The current request is full: the points that follow go to a new one. */
  split(): void;
}

/**
 * The batching rule both encoders share: the finite points of every write in order, at most
 * `maxPoints` per request, a long series split across requests. ±Infinity is left out with NaN:
 * JSON cannot carry it either (the original sent it and the API rejected the request).
 */
function walkWrites(
  writes: readonly SeriesWrite[],
  maxPoints: number,
  sink: WriteSink,
): { written: number; skippedNaN: number } {
  let inRequest = 0;
  let written = 0;
  let skippedNaN = 0;
  for (const write of writes) {
    let itemOpen = false;
    for (let i = 0; i < write.times.length; i++) {
      const value = write.values[i] as number;
      if (!Number.isFinite(value)) {
        skippedNaN++;
        continue;
      }
      if (inRequest >= maxPoints) {
        sink.split();
        inRequest = 0;
        itemOpen = false;
      }
      sink.point(write, i, value, !itemOpen);
      itemOpen = true;
      inRequest++;
      written++;
    }
  }
  return { written, skippedNaN };
}

/** Packs the writes of several series into as few requests as the per-request limit allows. */
export function planWrites(writes: readonly SeriesWrite[], maxPoints: number, status: number): WritePlan {
  const requests: Array<{ items: WireItem[] }> = [];
  let current: WireItem[] = [];
  let item: WireItem | undefined;
  const flush = () => {
    if (current.length) requests.push({ items: current });
    current = [];
  };
  const counts = walkWrites(writes, maxPoints, {
    point: (write, i, value, opensItem) => {
      if (opensItem) {
        item = { id: write.id, datapoints: [] };
        current.push(item);
      }
      (item as WireItem).datapoints.push({ time: formatApiTime(write.times[i] as number), value, status });
    },
    split: flush,
  });
  flush();
  return { requests, ...counts };
}

export interface EncodedWrites {
  /** Bodies of `POST /data`: each exactly `JSON.stringify` of the matching `planWrites` request. */
  bodies: string[];
  written: number;
  skippedNaN: number;
}

/**
 * `planWrites`, straight to the request bodies: no object per datapoint, and each timestamp
 * formatted once when the writes share their `times` (a prediction's series all do), instead of
 * once per series.
 */
export function encodeWrites(
  writes: readonly SeriesWrite[],
  maxPoints: number,
  status: number,
): EncodedWrites {
  const bodies: string[] = [];
  // Always a number here, so never escaped; JSON.stringify spells NaN as null, as the plan would.
  const pointEnd = `,"status":${JSON.stringify(status)}}`;
  let body = '';
  let item = '';
  let formattedFor: ArrayLike<number> | undefined;
  let formatted: string[] = [];
  const closeItem = () => {
    if (item) body += `${body ? ',' : ''}${item}]}`;
    item = '';
  };
  const flush = () => {
    closeItem();
    if (body) bodies.push(`{"items":[${body}]}`);
    body = '';
  };
  const counts = walkWrites(writes, maxPoints, {
    point: (write, i, value, opensItem) => {
      if (write.times !== formattedFor) {
        formattedFor = write.times;
        formatted = [];
      }
      // ISO times hold no character JSON escapes; `${value}` is JSON's spelling of a finite number.
      const point = `${(formatted[i] ??= `{"time":"${formatApiTime(write.times[i] as number)}","value":`)}${value}${pointEnd}`;
      if (!opensItem) {
        item += `,${point}`;
        return;
      }
      closeItem();
      // As JSON.stringify does, an id it cannot spell (undefined) leaves the key out.
      const id = JSON.stringify(write.id) as string | undefined;
      item = `${id === undefined ? '{"datapoints":[' : `{"id":${id},"datapoints":[`}${point}`;
    },
    split: flush,
  });
  flush();
  return { bodies, ...counts };
}
