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
  const fast = parseUtcTime(value);
  if (fast !== undefined) return fast;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`not an RFC 3339 time: ${JSON.stringify(value).slice(0, 60)}`);
  return ms;
}

/** Times as the API documents them: `YYYY-MM-DDThh:mm:ss.mmmZ`. */
export function formatApiTime(ms: number | Date): string {
  return new Date(typeof ms === 'number' ? ms : ms.getTime()).toISOString();
}

/**
 * The API's own shape, `YYYY-MM-DDThh:mm:ss[.f{1,9}]Z`, without `Date.parse` (a third of its
 * cost; a read parses every point). Fields in range only, and years from 100 (the rest, other
 * shapes and offsets are left to `Date.parse`, undefined here). Exactly what `Date.parse` gives:
 * digits past milliseconds are truncated, and a day past the month's end rolls over as it does.
 */
export function parseUtcTime(value: string): number | undefined {
  const n = value.length;
  if (
    n < 20 ||
    n > 30 ||
    n === 21 ||
    value.charCodeAt(n - 1) !== 90 /* Z */ ||
    value.charCodeAt(4) !== 45 /* - */ ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 /* T */ ||
    value.charCodeAt(13) !== 58 /* : */ ||
    value.charCodeAt(16) !== 58 ||
    (n > 20 && value.charCodeAt(19) !== 46) /* . */
  )
    return undefined;
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  // A non-digit makes its pair negative, and so the whole check fail.
  if (
    !(year >= 100) ||
    !(month >= 1 && month <= 12) ||
    !(day >= 1 && day <= 31) ||
    !(hour >= 0 && hour <= 23) ||
    !(minute >= 0 && minute <= 59) ||
    !(second >= 0 && second <= 59)
  )
    return undefined;
  let ms = 0;
  for (let i = 20, scale = 100; i < n - 1; i++, scale /= 10) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    if (i < 23) ms += digit * scale;
  }
  return (
    daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms
  );
}

/** Two decimal digits at `i`, or a negative number when either is not a digit. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a < 0 || a > 9 || b < 0 || b > 9 ? -1000 : a * 10 + b;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
