/** Runs at most `concurrency` tasks at once; the others wait in arrival order. */
export interface Limiter {
  <T>(task: () => Promise<T>): Promise<T>;
  /** Tasks waiting for a slot now; a slot freed while any wait goes straight to the first. */
  waiting(): number;
}

export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`parallelism must be a positive integer, not ${concurrency}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next)
      next(); // hand the slot over directly, so a newcomer cannot overtake the queue
    else active--;
  };
  const limit = async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < concurrency) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      release();
    }
  };
  return Object.assign(limit, { waiting: () => waiting.length });
}
