import type { SeriesPoints } from '@latigo/gordo-client';
import type { TimeSeriesClient } from '@latigo/time-series-client';
import { fillMissing } from '../concurrency/map-limit';
import type { ResolvedTags, SensorData } from '../pipeline/ports';
import { ExecutorError } from '../pipeline/task-skip';

export interface TimeSeriesSensorDataOptions {
  /** Lookups of one task in flight at once. Default 8. */
  concurrency?: number;
  /** How long a tag's facility is remembered (default 24 h, as the original's cache). */
  facilityTtlMs?: number;
  now?: () => number;
}

/**
 * Sensor data from the Omnia Timeseries API (`sensor_data`), as the original found it: the
 * facility is the facility of the first tag's series (looked up by name alone), and every tag is
 * looked up by name in that facility (ids through the client's SeriesIdCache, so Redis shares
 * them between executors). A task's tags are read together, paging through the whole window.
 */
export class TimeSeriesSensorData implements SensorData {
  private readonly facilities = new Map<string, { facility: string; expires: number }>();
  private readonly concurrency: number;
  private readonly facilityTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: TimeSeriesClient,
    options: TimeSeriesSensorDataOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.facilityTtlMs = options.facilityTtlMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
  }

  async resolveTags(tags: readonly string[]): Promise<ResolvedTags | undefined> {
    const facility = await this.facilityOf(tags[0] as string);
    if (facility === undefined) return undefined;
    // One cache lookup for the task's tags; only the misses are looked up one by one.
    const found = await fillMissing(
      await this.client.cachedSeriesIds(tags.map((name) => ({ name, facility }))),
      this.concurrency,
      (i) => this.client.findSeriesId({ name: tags[i] as string, facility }),
    );
    const ids = new Map<string, string>();
    const missing: string[] = [];
    tags.forEach((tag, i) => {
      const id = found[i];
      if (id) ids.set(tag, id);
      else missing.push(tag);
    });
    return { facility, ids, missing };
  }

  /** Every tag in one `POST /query/data` (up to 100 per request): one round trip per task, not one per tag. */
  async read(
    ids: ReadonlyMap<string, string>,
    window: { from: Date; to: Date },
  ): Promise<Map<string, SeriesPoints>> {
    const entries = [...ids];
    const points = await this.client.readManyDatapoints(
      entries.map(([, id]) => id),
      window,
    );
    return new Map(entries.map(([tag, id]) => [tag, points.get(id) as SeriesPoints]));
  }

  private async facilityOf(tag: string): Promise<string | undefined> {
    const cached = this.facilities.get(tag);
    if (cached && cached.expires > this.now()) return cached.facility;
    const series = await this.client.findSeries({ name: tag });
    if (series.length === 0) return undefined;
    const facilities = [...new Set(series.map((s) => s.facility ?? ''))];
    if (facilities.length > 1)
      throw new ExecutorError(
        'EXECUTOR_TAG_AMBIGUOUS',
        `tag ${tag} names series in ${facilities.length} facilities (${facilities.join(', ')}): which one the model reads is unknown`,
        false,
      );
    const facility = facilities[0] as string;
    if (!facility)
      throw new ExecutorError(
        'EXECUTOR_TAG_WITHOUT_FACILITY',
        `the series of tag ${tag} has no facility`,
        false,
      );
    this.facilities.set(tag, { facility, expires: this.now() + this.facilityTtlMs });
    return facility;
  }
}
