/**
 * Maps `items` through `fn` with at most `limit` calls in flight, results in input order. The
 * first failure rejects the whole call; calls not yet started are then not started.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

/**
 * Fills the empty entries of `values` (undefined or '') with `fill(index)`, at most `limit` at a
 * time, in place: the cache answered the rest. Returns `values`.
 */
export async function fillMissing<T>(
  values: Array<T | undefined>,
  limit: number,
  fill: (index: number) => Promise<T | undefined>,
): Promise<Array<T | undefined>> {
  const missing = values.flatMap((value, i) => (value ? [] : [i]));
  const filled = await mapLimit(missing, limit, fill);
  missing.forEach((i, k) => {
    values[i] = filled[k];
  });
  return values;
}
