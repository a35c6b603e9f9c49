/** One UTC day. The grid ignores leap seconds and DST, as epoch milliseconds do. */
export const DAY_MS = 86_400_000;

/** Midnight UTC at or before `t` (epoch ms); also right for times before 1970. */
export function utcMidnight(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}
