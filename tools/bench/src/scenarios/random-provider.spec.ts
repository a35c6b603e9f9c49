import { createRandom } from '@latigo/emulators/random';
import { randomProviderSeries, randomProviderSizes } from './random-provider';

describe('randomProviderSizes', () => {
  it("reads the provider's min_size and max_size", () => {
    expect(
      randomProviderSizes({
        type: 'gordo_core.data_providers.providers.RandomDataProvider',
        min_size: 5,
        max_size: 9,
      }),
    ).toEqual({ minSize: 5, maxSize: 9 });
  });

  it("falls back to RandomDataProvider's defaults, and never below the minimum", () => {
    expect(randomProviderSizes(undefined)).toEqual({ minSize: 100, maxSize: 300 });
    expect(randomProviderSizes({ min_size: 400 })).toEqual({ minSize: 400, maxSize: 400 });
    expect(randomProviderSizes({ min_size: 'x', max_size: -1 })).toEqual({ minSize: 100, maxSize: 300 });
  });
});

describe('randomProviderSeries', () => {
  const start = Date.parse('2020-02-01T00:00:00Z');
  const end = Date.parse('2020-02-02T00:00:00Z');

  it('draws between min and max points at sorted whole seconds inside the window', () => {
    const random = createRandom(7).next;
    const counts = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const series = randomProviderSeries(start, end, random, { minSize: 10, maxSize: 12 });
      const times = Array.from(series.times);
      const values = Array.from(series.values);
      counts.add(times.length);
      expect(values).toHaveLength(times.length);
      for (const [k, t] of times.entries()) {
        expect(t % 1000).toBe(0);
        expect(t).toBeGreaterThanOrEqual(start);
        expect(t).toBeLessThan(end);
        if (k > 0) expect(t).toBeGreaterThanOrEqual(times[k - 1] as number);
      }
      for (const v of values) expect(v >= 0 && v < 1).toBe(true);
    }
    expect([...counts].sort()).toEqual([10, 11, 12]);
  });

  it('gives the same series for the same seed', () => {
    const sizes = { minSize: 100, maxSize: 300 };
    expect(randomProviderSeries(start, end, createRandom(3).next, sizes)).toEqual(
      randomProviderSeries(start, end, createRandom(3).next, sizes),
    );
  });
});
