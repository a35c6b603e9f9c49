/** Rows [start, end) of one prediction request. */
export interface BatchRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Splits `rows` into requests of at most `batchSize` rows, in time order, as the Python client
 * does (`range(0, rows, batchSize)`), with one deliberate difference: a model with an offset
 * (e.g. an LSTM's lookback) returns only the last `len − offset` rows of each request, so every
 * request after the first also carries the `overlap` rows before it. The outputs then join
 * without gaps, where the Python client loses `offset` rows at every batch boundary.
 */
export function batchRanges(rows: number, batchSize: number, overlap = 0): BatchRange[] {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer, not ${batchSize}`);
  if (!Number.isInteger(overlap) || overlap < 0 || overlap >= batchSize)
    throw new RangeError(`overlap (the model offset, ${overlap}) must be below batchSize (${batchSize})`);
  const ranges: BatchRange[] = [];
  if (rows <= 0) return ranges;
  ranges.push({ start: 0, end: Math.min(rows, batchSize) });
  // Each later request adds batchSize − overlap new rows, after the overlap it repeats.
  for (let next = batchSize; next < rows; next += batchSize - overlap) {
    ranges.push({ start: next - overlap, end: Math.min(rows, next - overlap + batchSize) });
  }
  return ranges;
}
