import { fillMissing, mapLimit } from './map-limit';

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const result = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(result).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      mapLimit([1, 2, 3, 4], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });

  it('handles no items', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});

describe('fillMissing', () => {
  it('fills only the empty entries, in place and in order, at most `limit` at a time', async () => {
    const values: Array<string | undefined> = ['a', undefined, '', 'd', undefined];
    let inFlight = 0;
    let peak = 0;
    const asked: number[] = [];
    const result = await fillMissing(values, 2, async (i) => {
      asked.push(i);
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return i === 4 ? undefined : `filled-${i}`;
    });
    expect(result).toBe(values);
    expect(values).toEqual(['a', 'filled-1', 'filled-2', 'd', undefined]);
    expect(asked).toEqual([1, 2, 4]);
    expect(peak).toBe(2);
  });
});
