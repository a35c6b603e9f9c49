export {
  TimeSeriesClient,
  type TimeSeriesClientOptions,
  type ReadWindow,
  type WriteResult,
} from './lib/time-series-client';
export { TimeSeriesError, type TimeSeriesErrorCode } from './lib/errors';
export {
  type SeriesInfo,
  type SeriesQuery,
  type NewSeries,
  type Datapoints,
  STATUS,
  parseApiTime,
  formatApiTime,
} from './lib/series';
export { type SeriesIdCache, type SeriesKey, getSeriesIds, seriesCacheKey } from './lib/series-id-cache';
export { MemorySeriesIdCache, type MemorySeriesIdCacheOptions } from './lib/memory-series-id-cache';
export {
  RedisSeriesIdCache,
  type RedisLike,
  type RedisSeriesIdCacheOptions,
} from './lib/redis-series-id-cache';
export { planWrites, type SeriesWrite, type WritePlan } from './lib/write-batches';
