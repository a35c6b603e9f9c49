// Gordo speaks pandas: durations as offset aliases ("10T", "1H", "30min", "48H") and timestamps
// as pandas prints them ("2020-02-01 00:00:00+00:00"). These helpers translate both ways.

/** A pandas duration string and its length in milliseconds. */
export interface PandasDuration {
  /** As written in the metadata, e.g. `10T`. */
  readonly text: string;
  readonly ms: number;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  W: 7 * 86_400_000,
  D: 86_400_000,
  d: 86_400_000,
  H: 3_600_000,
  h: 3_600_000,
  T: 60_000,
  min: 60_000,
  S: 1000,
  s: 1000,
  L: 1,
  ms: 1,
  U: 0.001,
  us: 0.001,
  N: 0.000001,
  ns: 0.000001,
};

// Longest units first, so "min" and "ms" are not read as "m…"/"s".
const PART = /(\d+(?:\.\d+)?)?(min|ms|us|ns|[WDdHhTSsLUN])/y;

/**
 * Parses a fixed-length pandas offset alias (`10T`, `1T`, `1H`, `30min`, `48H`, `1h30min`, `500ms`).
 * Calendar offsets (`M`, `Y`, business days) have no fixed length and are rejected: undefined.
 */
export function parsePandasDuration(text: string): PandasDuration | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let ms = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < trimmed.length) {
    const match = PART.exec(trimmed);
    if (!match) return undefined;
    ms += (match[1] === undefined ? 1 : Number(match[1])) * (UNIT_MS[match[2] as string] as number);
  }
  return ms > 0 ? { text, ms } : undefined;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses a timestamp as pandas or Python prints it, with `T` or space, optional fraction and
 * offset; without an offset it is UTC (Gordo's naive stamps are UTC, never local time).
 * Returns epoch milliseconds, or NaN when the text is not such a timestamp.
 */
export function parsePandasTimestamp(text: string): number {
  const usual = parseWholeSecondUtc(text);
  if (usual !== undefined) return usual;
  const m = TIMESTAMP.exec(text);
  if (!m) return NaN;
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  const utc =
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) +
    Math.floor(fraction);
  const zone = m[8];
  if (zone === undefined || zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

const ZERO = 48;
const digit = (text: string, at: number) => text.charCodeAt(at) - ZERO;
const FIXED_UTC = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}\+00:00$/;

/**
 * The form a prediction's rows nearly always take, `2020-02-01T00:10:00+00:00`, read from its
 * character codes: every row of a parquet answer carries one in its `end` column, and the general
 * pattern's captures cost more than the rest of decoding that column.
 */
function parseWholeSecondUtc(text: string): number | undefined {
  if (text.length !== 25 || !FIXED_UTC.test(text)) return undefined;
  const two = (at: number) => digit(text, at) * 10 + digit(text, at + 1);
  return Date.UTC(two(0) * 100 + two(2), two(5) - 1, two(8), two(11), two(14), two(17));
}

/**
 * Formats epoch milliseconds the way the Python client keys JSON rows:
 * `2020-02-01 00:00:00+00:00`, with `.ffffff` only when there are milliseconds.
 */
export function formatPandasTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2020-02-01T00:00:00.000Z
  const millis = iso.slice(20, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${millis === '000' ? '' : `.${millis}000`}+00:00`;
}
