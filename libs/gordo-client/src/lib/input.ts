/**
 * Model input, columnar: row timestamps and one array per tag. Prepare it as the Python client
 * does before predicting (resampled to the model's resolution, interpolated, NaN rows dropped);
 * extra tags are ignored, and the columns are sent in the model's tag order.
 */
export interface InputFrame {
  /** Row timestamps, epoch milliseconds, strictly ascending. */
  readonly index: ArrayLike<number>;
  /** tag name → values (same length as `index`), finite numbers only. */
  readonly columns: ReadonlyMap<string, ArrayLike<number>> | Readonly<Record<string, ArrayLike<number>>>;
}

/** Input checked and laid out in tag order, ready to slice into batches. */
export interface PreparedInput {
  readonly index: Float64Array;
  readonly tags: readonly string[];
  readonly columns: readonly Float64Array[];
}

/** Rejected before any request was made; the client reports it as GORDO_INVALID_INPUT. */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/**
 * Picks `tags` from `frame` in that order and checks what the server would otherwise reject
 * late or silently misread: missing tags, unequal lengths, unsorted or duplicate timestamps
 * (the server re-sorts rows), and NaN/Infinity (no model accepts them).
 */
export function prepareInput(frame: InputFrame, tags: readonly string[], role: 'X' | 'y'): PreparedInput {
  const index = copyOf(frame.index);
  for (let i = 0; i < index.length; i++) {
    const t = index[i] as number;
    if (!Number.isFinite(t)) throw new InvalidInputError(`${role}.index[${i}] is not a timestamp`);
    if (i > 0 && t <= (index[i - 1] as number))
      throw new InvalidInputError(`${role}.index is not strictly ascending at row ${i}`);
  }
  const lookup = (tag: string): ArrayLike<number> | undefined =>
    frame.columns instanceof Map
      ? frame.columns.get(tag)
      : (frame.columns as Readonly<Record<string, ArrayLike<number>>>)[tag];
  const missing = tags.filter((tag) => lookup(tag) === undefined);
  if (missing.length > 0)
    throw new InvalidInputError(`${role} lacks the model's tags: ${missing.join(', ')}`);
  const columns = tags.map((tag) => {
    const values = copyOf(lookup(tag) as ArrayLike<number>);
    if (values.length !== index.length)
      throw new InvalidInputError(
        `${role}.${tag} has ${values.length} values for ${index.length} timestamps`,
      );
    let bad = -1;
    for (let i = 0; i < values.length && bad < 0; i++) if (!Number.isFinite(values[i])) bad = i;
    if (bad >= 0)
      throw new InvalidInputError(`${role}.${tag}[${bad}] is ${values[bad]}; drop or fill such rows first`);
    return values;
  });
  return { index, tags, columns };
}

/**
 * A copy as a Float64Array. `Float64Array.from` walks an iterator and `findIndex` calls back per
 * value, and both box every double on the heap: most of what preparing an input allocated.
 */
function copyOf(values: ArrayLike<number>): Float64Array {
  return values instanceof Float64Array ? values.slice() : Float64Array.from(values);
}

/** Rows [start, end) of a prepared input, without copying. */
export function sliceInput(input: PreparedInput, start: number, end: number): PreparedInput {
  return {
    index: input.index.subarray(start, end),
    tags: input.tags,
    columns: input.columns.map((c) => c.subarray(start, end)),
  };
}
