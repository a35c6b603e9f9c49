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

/**
 * Packs the writes of several series into as few requests as the per-request limit allows,
 * splitting a long series across requests when needed. ±Infinity is also left out: JSON
 * cannot carry it either (the original sent it and the API rejected the request).
 */
export function planWrites(writes: readonly SeriesWrite[], maxPoints: number, status: number): WritePlan {
  const requests: Array<{ items: WireItem[] }> = [];
  let current: WireItem[] = [];
  let currentSize = 0;
  let written = 0;
  let skippedNaN = 0;
  const flush = () => {
    if (current.length) requests.push({ items: current });
    current = [];
    currentSize = 0;
  };
  for (const write of writes) {
    let item: WireItem | undefined;
    for (let i = 0; i < write.times.length; i++) {
      const value = write.values[i] as number;
      if (!Number.isFinite(value)) {
        skippedNaN++;
        continue;
      }
      if (currentSize >= maxPoints) {
        flush();
        item = undefined;
      }
      if (!item) {
        item = { id: write.id, datapoints: [] };
        current.push(item);
      }
      item.datapoints.push({ time: formatApiTime(write.times[i] as number), value, status });
      currentSize++;
      written++;
    }
  }
  flush();
  return { requests, written, skippedNaN };
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
  let currentSize = 0;
  let written = 0;
  let skippedNaN = 0;
  let formattedFor: ArrayLike<number> | undefined;
  let formatted: string[] = [];
  const flush = () => {
    if (body) bodies.push(`{"items":[${body}]}`);
    body = '';
    currentSize = 0;
  };
  for (const write of writes) {
    if (write.times !== formattedFor) {
      formattedFor = write.times;
      formatted = [];
    }
    // As JSON.stringify does, an id it cannot spell (undefined) leaves the key out.
    const id = JSON.stringify(write.id) as string | undefined;
    const itemStart = id === undefined ? '{"datapoints":[' : `{"id":${id},"datapoints":[`;
    let item = '';
    const closeItem = () => {
      if (item) body += `${body ? ',' : ''}${item}]}`;
      item = '';
    };
    for (let i = 0; i < write.times.length; i++) {
      const value = write.values[i] as number;
      if (!Number.isFinite(value)) {
        skippedNaN++;
        continue;
      }
      if (currentSize >= maxPoints) {
        closeItem();
        flush();
      }
      // ISO times hold no character JSON escapes; `${value}` is JSON's spelling of a finite number.
      const time = (formatted[i] ??= `{"time":"${formatApiTime(write.times[i] as number)}","value":`);
      item = item ? `${item},${time}${value}${pointEnd}` : `${itemStart}${time}${value}${pointEnd}`;
      currentSize++;
      written++;
    }
    closeItem();
  }
  flush();
  return { bodies, written, skippedNaN };
}
