import { seriesCacheKey, type SeriesIdCache, type SeriesKey } from './series-id-cache';

/** The two commands the cache needs; node-redis clients (v5/v6) satisfy it. */
export interface RedisLike {
  get(key: string): Promise<string | null | object>;
  set(key: string, value: string, options: { expiration: { type: 'EX'; value: number } }): Promise<unknown>;
}

export interface RedisSeriesIdCacheOptions {
  /** Default 24 h, as the original. */
  ttlSeconds?: number;
  /** Keeps our entries apart from other users of the same Redis (the original stored whole responses). */
  keyPrefix?: string;
}

/** A SeriesIdCache shared by every executor through Redis, entries expiring after a TTL. */
export class RedisSeriesIdCache implements SeriesIdCache {
  private readonly ttlSeconds: number;
  private readonly keyPrefix: string;

  constructor(
    private readonly redis: RedisLike,
    options: RedisSeriesIdCacheOptions = {},
  ) {
    this.ttlSeconds = options.ttlSeconds ?? 24 * 3600;
    this.keyPrefix = options.keyPrefix ?? 'latigo:series-id:';
  }

  async get(key: SeriesKey): Promise<string | undefined> {
    const value = await this.redis.get(this.keyPrefix + seriesCacheKey(key));
    return typeof value === 'string' ? value : undefined;
  }

  /** The GETs sent together (node-redis pipelines commands of the same tick). */
  getMany(keys: readonly SeriesKey[]): Promise<Array<string | undefined>> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  async set(key: SeriesKey, id: string): Promise<void> {
    await this.redis.set(this.keyPrefix + seriesCacheKey(key), id, {
      expiration: { type: 'EX', value: this.ttlSeconds },
    });
  }
}
