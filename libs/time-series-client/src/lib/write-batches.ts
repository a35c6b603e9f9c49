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
