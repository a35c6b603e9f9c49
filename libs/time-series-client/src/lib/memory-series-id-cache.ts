import { seriesCacheKey, type SeriesIdCache, type SeriesKey } from './series-id-cache';

export interface MemorySeriesIdCacheOptions {
  /** Default 24 h, as the original's Redis entries. */
  ttlMs?: number;
  /** Oldest entries are dropped beyond this (default 100,000). */
  maxEntries?: number;
  now?: () => number;
}

/** A SeriesIdCache in process memory, for one process (the embedded default and tests). */
export class MemorySeriesIdCache implements SeriesIdCache {
  private readonly entries = new Map<string, { id: string; expires: number }>();
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
    return keys.map((key) => this.lookup(key, now));
  }

  async set(key: SeriesKey, id: string): Promise<void> {
    const k = seriesCacheKey(key);
    this.entries.delete(k); // re-insert at the end: Map order is the eviction order
    this.entries.set(k, { id, expires: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  private lookup(key: SeriesKey, now: number): string | undefined {
    const k = seriesCacheKey(key);
    const entry = this.entries.get(k);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.entries.delete(k);
      return undefined;
    }
    return entry.id;
  }
}
