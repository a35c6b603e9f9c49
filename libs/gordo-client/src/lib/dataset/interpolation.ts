/** How a Gordo dataset fills buckets without data (`interpolation_method`). */
export type InterpolationMethod = 'linear_interpolation' | 'ffill';

/**
 * Fills NaN buckets in place, as pandas' `interpolate(limit=…)` (linear) or `fillna(method="ffill",
 * limit=…)` does on a resampled series: only forward from a valid bucket (leading NaNs stay), at
 * most `limit` buckets after the last valid one (undefined = no limit). Linear values lie on the
 * line to the next valid bucket; after the last valid bucket they repeat it (numpy's `interp`
 * clamps), so linear and ffill agree at the end of a series.
 */
export function fillGaps(
  values: Float64Array,
  method: InterpolationMethod,
  limit: number | undefined,
): Float64Array {
  let lastValid = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i] as number)) {
      lastValid = i;
      continue;
    }
    if (lastValid < 0) continue; // leading gap: nothing to fill from
    let next = i;
    while (next < values.length && Number.isNaN(values[next] as number)) next++;
    const fillUntil = limit === undefined ? next : Math.min(next, lastValid + limit + 1);
    const from = values[lastValid] as number;
    const to = next < values.length ? (values[next] as number) : from;
    // numpy's interp: slope first, then slope × distance + start (the same rounding as pandas).
    const slope =
      method === 'linear_interpolation' && next < values.length ? (to - from) / (next - lastValid) : 0;
    for (let k = i; k < fillUntil; k++) values[k] = slope * (k - lastValid) + from;
    i = next - 1; // the loop resumes at the next valid bucket (or the end)
  }
  return values;
}
