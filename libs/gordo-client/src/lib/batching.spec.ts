import { batchRanges } from './batching';
import { createLimiter } from './limiter';

describe('batchRanges', () => {
  it('slices rows by batch size in order, the last batch taking the rest', () => {
    expect(batchRanges(1426, 1000)).toEqual([
      { start: 0, end: 1000 },
      { start: 1000, end: 1426 },
    ]);
    expect(batchRanges(150, 1000)).toEqual([{ start: 0, end: 150 }]);
    expect(batchRanges(144, 48)).toHaveLength(3);
    expect(batchRanges(0, 10)).toEqual([]);
  });

  it('with a model offset repeats that many rows before each later batch, so outputs join without gaps', () => {
    const offset = 2;
    const ranges = batchRanges(10, 5, offset);
    expect(ranges).toEqual([
      { start: 0, end: 5 },
      { start: 3, end: 8 },
      { start: 6, end: 10 },
    ]);
    // Each batch answers for its rows after the first `offset`: together rows 2..9, once each.
    const answered = ranges.flatMap((r) =>
      Array.from({ length: r.end - r.start - offset }, (_, i) => r.start + offset + i),
    );
    expect(answered).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects sizes that cannot make progress', () => {
    expect(() => batchRanges(10, 0)).toThrow(RangeError);
    expect(() => batchRanges(10, 2.5)).toThrow(RangeError);
    expect(() => batchRanges(10, 4, 4)).toThrow(/offset/);
  });
});

describe('createLimiter', () => {
  it('never runs more than its concurrency at once and starts waiting tasks in arrival order', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, () => Promise.withResolvers<void>());
    const tasks = gates.map((gate, i) =>
      limit(async () => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await gate.promise;
        running--;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates.forEach((g) => g.resolve());
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('frees the slot of a failed task', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit(async () => 'next')).toBe('next');
  });
});
