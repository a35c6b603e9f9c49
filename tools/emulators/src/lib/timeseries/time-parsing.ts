/**
 * Times on the wire. Internally every time is integer microseconds since the Unix epoch: Python
 * clients send microseconds, and doubles hold them exactly for any plausible date. The API's
 * 7th fraction digit (100 ns) is therefore truncated on input and always `0` on output.
 */

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?| \d{2}:?\d{2})?)?$/;

/**
 * Parses the shapes clients send: `2020-05-30T10:10:00Z`, fractions of 1–9 digits, `+01:00` /
 * `-0130` offsets, no zone (read as UTC), a space instead of `T` (Python's `str(datetime)`), a
 * date alone (`2021-03-20`, midnight UTC), and an offset whose `+` became a space because it was
 * not percent-encoded in a query string. Returns undefined for anything else or impossible dates.
 */
export function parseTime(text: string): number | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const micros = Number(fraction.padEnd(6, '0').slice(0, 6));
  return date.getTime() * 1000 + micros - offsetMinutes(zone) * 60_000_000;
}

/** Epoch milliseconds (or a Date, or a time string) as epoch microseconds. */
export function toMicros(time: number | Date | string): number {
  if (typeof time === 'number') return Math.round(time * 1000);
  if (time instanceof Date) return time.getTime() * 1000;
  const parsed = parseTime(time);
  if (parsed === undefined) throw new RangeError(`not a time: ${JSON.stringify(time)}`);
  return parsed;
}

/** Datapoint times as the API writes them: UTC with a 7-digit fraction, e.g. `2021-02-01T09:54:05.4200000Z`. */
export function formatDataTime(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const date = new Date(ms);
  const fraction = String(date.getUTCMilliseconds() * 10_000 + (micros - ms * 1000) * 10).padStart(7, '0');
  return `${date.toISOString().slice(0, 19)}.${fraction}Z`;
}

/** Metadata times (`createdTime`, `changedTime`) as the API writes them: `2019-01-17T08:25:59.995Z`. */
export function formatMetaTime(ms: number): string {
  return new Date(ms).toISOString();
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
