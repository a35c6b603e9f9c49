import type { TimeSeriesClient } from '@latigo/time-series-client';
import { fillMissing } from '../concurrency/map-limit';
import type { OutputSeriesSpec, PredictionStore } from '../pipeline/ports';

/**
 * Predictions in the Omnia Timeseries API (`prediction_storage`): output series are found or
 * created (ids cached through the client's SeriesIdCache, so a warm executor makes no lookups),
 * and datapoints are written in chunks; the API upserts by timestamp, so a repeated task
 * stores identical data.
 */
export class TimeSeriesPredictionStore implements PredictionStore {
  constructor(
    private readonly client: TimeSeriesClient,
    private readonly concurrency = 8,
  ) {}

  async ensureSeries(series: readonly OutputSeriesSpec[], facility: string): Promise<Map<string, string>> {
    // One cache lookup for all of them (a warm task's only step); the misses found or created.
    const ids = await fillMissing(
      await this.client.cachedSeriesIds(series.map((s) => ({ name: s.name, facility }))),
      this.concurrency,
      (i) => {
        const s = series[i] as OutputSeriesSpec;
        return this.client.findOrCreateSeries({ name: s.name, facility, description: s.description });
      },
    );
    return new Map(series.map((s, i) => [s.name, ids[i] as string]));
  }

  write(writes: Parameters<PredictionStore['write']>[0]): ReturnType<PredictionStore['write']> {
    return this.client.writeDatapoints(writes);
  }
}
