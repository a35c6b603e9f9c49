/** A Timeseries API series (the fields Latigo uses; the API has more). */
export interface SeriesInfo {
  id: string;
  name: string;
  facility: string | null;
  description?: string | null;
  unit?: string | null;
  step?: boolean;
  assetId?: string | null;
  externalId?: string | null;
}

/** Exact-match filters of `GET /` (AND-combined). */
export interface SeriesQuery {
  name?: string;
  facility?: string;
  assetId?: string;
  externalId?: string;
  source?: string;
}

/** The body of `POST /` (facility is required from API v1.6). */
export interface NewSeries {
  name: string;
  facility: string;
  description?: string;
  step?: boolean;
  unit?: string;
  assetId?: string;
  externalId?: string;
}

/** Datapoints of one series, columnar: epoch milliseconds, values and status codes. */
export interface Datapoints {
  times: Float64Array;
  values: Float64Array;
  statuses: Int32Array;
}

/** Omnia status codes; Good is what readers filter on by default. */
export const STATUS = { good: 192, questionable: 64, bad: 0 } as const;

/** Parses the API's times: RFC 3339 with any fraction length (it sends 7 digits) or offset. */
export function parseApiTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`not an RFC 3339 time: ${JSON.stringify(value).slice(0, 60)}`);
  return ms;
}

/** Times as the API documents them: `YYYY-MM-DDThh:mm:ss.mmmZ`. */
export function formatApiTime(ms: number | Date): string {
  return new Date(typeof ms === 'number' ? ms : ms.getTime()).toISOString();
}
