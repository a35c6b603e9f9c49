/**
 * Times on the wire. Internally every time is integer microseconds since the Unix epoch: Python
 * clients send microseconds, and doubles hold them exactly for any plausible date. The API's
 * 7th fraction digit (100 ns) is therefore truncated on input and always `0` on output.
 */

import { BoundedCache } from '../bounded-cache';

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?| \d{2}:?\d{2})?)?$/;

/**
 * Parses the shapes clients send: `2020-05-30T10:10:00Z`, fractions of 1–9 digits, `+01:00` /
 * `-0130` offsets, no zone (read as UTC), a space instead of `T` (Python's `str(datetime)`), a
 * date alone (`2021-03-20`, midnight UTC), and an offset whose `+` became a space because it was
 * not percent-encoded in a query string. Returns undefined for anything else or impossible dates.
 */
export function parseTime(text: string): number | undefined {
  // Writes repeat the same few times across their series (every output series of a prediction
  // carries the same timestamps), so answers are kept by text; a parse is a pure function of it.
  if (text.length > 40) return parseTimeText(text); // no time is longer: not worth keeping
  return parsedTimes.get(text, () => parseTimeText(text));
}

const parsedTimes = new BoundedCache<string, number | undefined>(10_000);

function parseTimeText(text: string): number | undefined {
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
  // Reads format thousands of times per request: whole microseconds from 1970 to 9999 take the
  // arithmetic path below (Date and toISOString cost several times more); the rest the general one.
  if (Number.isSafeInteger(micros) && micros >= 0 && micros < MAX_FAST_MICROS) {
    const ms = Math.floor(micros / 1000);
    const day = Math.floor(ms / DAY_MS);
    let rest = ms - day * DAY_MS;
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1000);
    return `${dayPrefix(day)}${PAD2[hours]}:${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[rest - seconds * 1000]}${PAD4[micros - ms * 1000]}Z`;
  }
  return formatDataTimeSlow(micros);
}

/** The general formatter (any time a Date can hold); `formatDataTime` must always agree with it. */
export function formatDataTimeSlow(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const date = new Date(ms);
  const fraction = String(date.getUTCMilliseconds() * 10_000 + (micros - ms * 1000) * 10).padStart(7, '0');
  return `${date.toISOString().slice(0, 19)}.${fraction}Z`;
}

const DAY_MS = 86_400_000;
const MAX_FAST_MICROS = Date.UTC(10_000, 0, 1) * 1000;
const pad = (width: number, scale = 1) =>
  Array.from({ length: 10 ** Math.min(width, 3) }, (_, i) => String(i * scale).padStart(width, '0'));
const PAD2 = pad(2);
const PAD3 = pad(3);
/** Microseconds within the millisecond, written as 4 digits of 100 ns (the 7th digit is always 0). */
const PAD4 = pad(4, 10);

// `YYYY-MM-DDT` per day number; reads cluster on few days, so a small cache hits almost always.
const dayPrefixes = new BoundedCache<number, string>(4096);

function dayPrefix(day: number): string {
  return dayPrefixes.get(day, () => new Date(day * DAY_MS).toISOString().slice(0, 11));
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
