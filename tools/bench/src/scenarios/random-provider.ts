import type { SeriesPoints } from '@latigo/gordo-client';

/** The point counts of gordo_core's `RandomDataProvider` when its config leaves them out. */
const DEFAULT_SIZES = { minSize: 100, maxSize: 300 };

/**
 * The sizes a model's `dataset.data_provider` gives a `RandomDataProvider`, or its defaults. The
 * Python client builds a model's input through that provider, so ours is given the same volume.
 */
export function randomProviderSizes(dataProvider: unknown): { minSize: number; maxSize: number } {
  const config = (dataProvider ?? {}) as Record<string, unknown>;
  const size = (key: string, fallback: number) => {
    const value = config[key];
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
  };
  const minSize = size('min_size', DEFAULT_SIZES.minSize);
  const maxSize = Math.max(minSize, size('max_size', DEFAULT_SIZES.maxSize));
  return { minSize, maxSize };
}

/**
 * One tag's points as `RandomDataProvider.load_series` draws them: between `minSize` and `maxSize`
 * points (inclusive) at whole seconds in [start, end), sorted, each value in [0, 1).
 */
export function randomProviderSeries(
  start: number,
  end: number,
  random: () => number,
  sizes: { minSize: number; maxSize: number },
): SeriesPoints {
  const count = sizes.minSize + Math.floor(random() * (sizes.maxSize - sizes.minSize + 1));
  const startS = Math.ceil(start / 1000);
  const spanS = Math.max(1, Math.floor(end / 1000) - startS);
  const times = Array.from({ length: count }, () => (startS + Math.floor(random() * spanS)) * 1000).sort(
    (a, b) => a - b,
  );
  return { times, values: times.map(() => random()) };
}
