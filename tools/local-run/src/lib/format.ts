/** `850 ms`, `4.2 s`, `3 min 05 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** A number with at most `digits` decimals, without trailing zeros: 12, 3.5, 0.25. */
export function formatNumber(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  return String(Number(value.toFixed(digits)));
}

/** `local-run/2026-03-01T08-15-30Z`: a timestamp usable as a folder name. */
export function timestampFolder(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
}
