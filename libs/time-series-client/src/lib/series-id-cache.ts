/** Which series: its name and facility (the API's uniqueness key from v1.6). */
export interface SeriesKey {
  name: string;
  facility?: string | undefined;
}

/**
 * Remembers series ids by name and facility, so a task does not look up every tag again.
 * Only found ids are cached: a miss is asked again next time (the original cached misses for
 * 24 h, which hid series created in the meantime).
 */
export interface SeriesIdCache {
  get(key: SeriesKey): Promise<string | undefined>;
  /** `get` of each key, in order, in one go (a task resolves all its series together). Optional. */
  getMany?(keys: readonly SeriesKey[]): Promise<Array<string | undefined>>;
  set(key: SeriesKey, id: string): Promise<void>;
}

/** The cached ids of `keys`, in order: `getMany` where the cache has it, else a `get` per key. */
export function getSeriesIds(
  cache: SeriesIdCache,
  keys: readonly SeriesKey[],
): Promise<Array<string | undefined>> {
  return cache.getMany ? cache.getMany(keys) : Promise.all(keys.map((key) => cache.get(key)));
}

/** `facility::name`, the original's key shape (`None` when there is no facility). */
export function seriesCacheKey(key: SeriesKey): string {
  return `${key.facility ?? 'None'}::${key.name}`;
}
