import { seriesCacheKey, type SeriesIdCache, type SeriesKey } from './series-id-cache';

export interface MemorySeriesIdCacheOptions {
  /** Default 24 h, as the original's Redis entries. */
  ttlMs?: number;
  /** Oldest entries are dropped beyond this (default 100,000). */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  id: string;
  expires: number;
  /** Its `seriesCacheKey`. */
  key: string;
  facility: string;
  name: string;
  /** Whether `byFacility` holds it. */
  indexed: boolean;
}

/** A SeriesIdCache in process memory, for one process (the embedded default and tests). */
export class MemorySeriesIdCache implements SeriesIdCache {
  /** By `seriesCacheKey`: every entry; Map order is the eviction order. */
  private readonly entries = new Map<string, Entry>();
  /**
   * The same entries by facility, then name: a lookup then builds and hashes no joined key (a
   * task looks up ~100). Only keys without `::` are here: only those map to their joined key
   * one to one (`a` + `b::c` and `a::b` + `c` share one), and the rest go by the joined key.
   */
  private readonly byFacility = new Map<string, Map<string, Entry>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemorySeriesIdCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 24 * 3600_000;
    this.maxEntries = options.maxEntries ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  async get(key: SeriesKey): Promise<string | undefined> {
    return this.lookup(key, this.now());
  }

  async getMany(keys: readonly SeriesKey[]): Promise<Array<string | undefined>> {
    const now = this.now();
    const ids = new Array<string | undefined>(keys.length);
    for (let i = 0; i < keys.length; i++) ids[i] = this.lookup(keys[i] as SeriesKey, now);
    return ids;
  }

  async set(key: SeriesKey, id: string): Promise<void> {
    const k = seriesCacheKey(key);
    const old = this.entries.get(k);
    if (old) this.remove(old); // re-insert at the end: Map order is the eviction order
    const facility = key.facility ?? 'None';
    const indexed = indexable(facility, key.name);
    const entry: Entry = { id, expires: this.now() + this.ttlMs, key: k, facility, name: key.name, indexed };
    this.entries.set(k, entry);
    if (indexed) {
      let names = this.byFacility.get(facility);
      if (!names) this.byFacility.set(facility, (names = new Map()));
      names.set(key.name, entry);
    }
    if (this.entries.size > this.maxEntries) this.remove(this.entries.values().next().value as Entry);
  }

  private lookup(key: SeriesKey, now: number): string | undefined {
    const facility = key.facility ?? 'None';
    const entry = indexable(facility, key.name)
      ? this.byFacility.get(facility)?.get(key.name)
      : this.entries.get(seriesCacheKey(key));
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.remove(entry);
      return undefined;
    }
    return entry.id;
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.key);
    if (!entry.indexed) return;
    const names = this.byFacility.get(entry.facility);
    names?.delete(entry.name);
    if (names?.size === 0) this.byFacility.delete(entry.facility);
  }
}

/** Whether the key's joined form names it alone (see `byFacility`). */
function indexable(facility: string, name: string): boolean {
  return !facility.includes('::') && !name.includes('::');
}
