/** The `q` quantile (0…1) with linear interpolation between ranks (numpy's default); NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const a = sorted[low] as number;
  const b = sorted[Math.ceil(rank)] as number;
  return a + (b - a) * (rank - low);
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

/** A time interval in ms, e.g. one upstream request from its creation to its last byte. */
export interface Interval {
  start: number;
  end: number;
}

/**
 * The most requests of one task that ran one after the other: the longest chain of intervals in
 * which each starts after the previous one ended. Requests in flight together count once, so a
 * fan-out of 20 reads at 8 at a time counts 3, which is what the task waits for.
 * `toleranceMs` absorbs the timer jitter between one response and the request it unblocks.
 */
export function dependentRoundTrips(intervals: readonly Interval[], toleranceMs = 1): number {
  const sorted = [...intervals].sort((a, b) => a.end - b.end);
  const chain: number[] = [];
  let longest = 0;
  for (let i = 0; i < sorted.length; i++) {
    const current = sorted[i] as Interval;
    let before = 0;
    for (let j = 0; j < i; j++) {
      const earlier = sorted[j] as Interval;
      if (earlier.end <= current.start + toleranceMs) before = Math.max(before, chain[j] as number);
    }
    chain[i] = before + 1;
    longest = Math.max(longest, before + 1);
  }
  return longest;
}

/**
 * tasks/s ÷ (concurrency ÷ critical-path latency): 1 when every slot of concurrency is always busy
 * waiting on exactly the dependent upstream calls, less when tasks wait on anything else (CPU,
 * connection pools, queueing, the consumer).
 */
export function efficiency(tasksPerSecond: number, concurrency: number, criticalPathMs: number): number {
  if (concurrency <= 0 || criticalPathMs <= 0) return Number.NaN;
  return tasksPerSecond / (concurrency / (criticalPathMs / 1000));
}

/** Least-squares slope of y over x (e.g. MB of RSS per 1,000 tasks); NaN with fewer than two points. */
export function slope(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) return Number.NaN;
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

/** Rounds for the results files: 3 significant decimals below 10, fewer above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 3;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
