/**
 * Timestamps of a request's index: parsed like `dateutil.parser.isoparse` (what the server does
 * with every index key), printed like pandas (`str()` of an index, used as JSON keys) and like
 * `Timestamp.isoformat()` (the `start`/`end` values).
 */

/** Wall-clock time in microseconds since 1970-01-01 (as if UTC) and the UTC offset in minutes, or null when naive. */
export interface Timestamp {
  micros: number;
  offset: number | null;
}

const MICROS_PER_DAY = 86_400_000_000;

// Proleptic Gregorian calendar arithmetic (H. Hinnant's algorithms), free of Date's year quirks.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] as number);
}

function twoDigits(s: string, at: number): number | undefined {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : undefined;
}

function digitsAt(s: string, at: number, count: number): number | undefined {
  if (at + count > s.length) return undefined;
  const part = s.slice(at, at + count);
  return /^\d+$/.test(part) ? Number(part) : undefined;
}

interface DatePart {
  days: number;
  end: number;
}

function parseCommonDate(s: string): DatePart | undefined {
  const year = digitsAt(s, 0, 4);
  if (year === undefined) return undefined;
  if (s.length === 4) return { days: daysFromCivil(year, 1, 1), end: 4 };
  const sep = s[4] === '-';
  let pos = sep ? 5 : 4;
  const month = digitsAt(s, pos, 2);
  if (month === undefined || month < 1 || month > 12) return undefined;
  pos += 2;
  if (pos >= s.length) return sep ? { days: daysFromCivil(year, month, 1), end: pos } : undefined;
  if (sep) {
    if (s[pos] !== '-') return undefined;
    pos += 1;
  }
  const day = digitsAt(s, pos, 2);
  if (day === undefined || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { days: daysFromCivil(year, month, day), end: pos + 2 };
}

// ISO week dates (2020-W05-6) and ordinal dates (2020-032), which isoparse also accepts.
function parseUncommonDate(s: string): DatePart | undefined {
  const year = digitsAt(s, 0, 4);
  if (year === undefined || s.length < 7) return undefined;
  const sep = s[4] === '-';
  let pos = sep ? 5 : 4;
  if (s[pos] === 'W') {
    pos += 1;
    const week = digitsAt(s, pos, 2);
    if (week === undefined || week < 1 || week > 53) return undefined;
    pos += 2;
    let weekday = 1;
    if (pos < s.length && (s[pos] === '-' || /\d/.test(s[pos] as string))) {
      if (sep) {
        if (s[pos] !== '-') return undefined;
        pos += 1;
      }
      const d = digitsAt(s, pos, 1);
      if (d === undefined || d < 1 || d > 7) return undefined;
      weekday = d;
      pos += 1;
    }
    const jan4 = daysFromCivil(year, 1, 4);
    const jan4Weekday = ((((jan4 + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
    return { days: jan4 - (jan4Weekday - 1) + (week - 1) * 7 + (weekday - 1), end: pos };
  }
  const ordinal = digitsAt(s, pos, 3);
  if (ordinal === undefined || ordinal < 1 || ordinal > (isLeap(year) ? 366 : 365)) return undefined;
  return { days: daysFromCivil(year, 1, 1) + ordinal - 1, end: pos + 3 };
}

function parseOffset(s: string): number | undefined {
  if (s === 'Z' || s === 'z') return 0;
  if (![3, 5, 6].includes(s.length) || (s[0] !== '+' && s[0] !== '-')) return undefined;
  const hours = twoDigits(s, 1);
  let minutes = 0;
  if (s.length === 6) {
    if (s[3] !== ':') return undefined;
    minutes = twoDigits(s, 4) ?? NaN;
  } else if (s.length === 5) minutes = twoDigits(s, 3) ?? NaN;
  if (hours === undefined || Number.isNaN(minutes) || hours > 23 || minutes > 59) return undefined;
  const total = hours * 60 + minutes;
  return s[0] === '-' ? -total : total;
}

function parseTime(s: string): { micros: number; offset: number | null } | undefined {
  if (s.length < 2) return undefined;
  const sep = s.length >= 3 && s[2] === ':';
  const parts = [0, 0, 0, 0];
  let offset: number | null = null;
  let pos = 0;
  let comp = -1;
  while (pos < s.length && comp < 4) {
    comp += 1;
    const c = s[pos] as string;
    if ('-+Zz'.includes(c)) {
      const parsed = parseOffset(s.slice(pos));
      if (parsed === undefined) return undefined;
      offset = parsed;
      pos = s.length;
      break;
    }
    if (comp < 3) {
      if (comp > 0 && sep) {
        if (c !== ':') return undefined;
        pos += 1;
      }
      const value = twoDigits(s, pos);
      if (value === undefined) return undefined;
      parts[comp] = value;
      pos += 2;
    } else if (comp === 3) {
      const fraction = /^[.,](\d+)/.exec(s.slice(pos));
      if (!fraction) continue;
      const digits = (fraction[1] as string).slice(0, 6);
      parts[3] = Number(digits) * 10 ** (6 - digits.length);
      pos += fraction[0].length;
    }
  }
  if (pos < s.length) return undefined;
  const [h, m, sec, us] = parts as [number, number, number, number];
  if (h === 24 && (m !== 0 || sec !== 0 || us !== 0)) return undefined;
  if (h > 24 || m > 59 || sec > 59) return undefined;
  return { micros: ((h * 60 + m) * 60 + sec) * 1_000_000 + us, offset };
}

/** `dateutil.parser.isoparse(s)`, or undefined where it raises. Fractions beyond microseconds are cut off. */
export function parseIsoTimestamp(s: string): Timestamp | undefined {
  const date = parseCommonDate(s) ?? parseUncommonDate(s);
  if (!date) return undefined;
  let micros = date.days * MICROS_PER_DAY;
  let offset: number | null = null;
  if (date.end < s.length) {
    // Any single character separates date and time ("T" in the standard, " " from pandas, …).
    const time = parseTime(s.slice(date.end + 1));
    if (!time) return undefined;
    micros += time.micros;
    offset = time.offset;
  }
  return { micros, offset };
}

/** The instant in microseconds since the epoch (naive times taken as UTC). */
export function instantMicros(t: Timestamp): number {
  return t.micros - (t.offset ?? 0) * 60_000_000;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

interface Parts {
  date: string;
  hms: string;
  us: number;
  midnight: boolean;
}

function parts(t: Timestamp): Parts {
  const days = Math.floor(t.micros / MICROS_PER_DAY);
  const inDay = t.micros - days * MICROS_PER_DAY;
  const [year, month, day] = civilFromDays(days);
  const secs = Math.floor(inDay / 1_000_000);
  const us = inDay - secs * 1_000_000;
  return {
    date: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`,
    hms: `${pad(Math.floor(secs / 3600), 2)}:${pad(Math.floor(secs / 60) % 60, 2)}:${pad(secs % 60, 2)}`,
    us,
    midnight: inDay === 0,
  };
}

/** `+HH:MM` as Python prints a fixed UTC offset. */
export function formatOffset(offset: number): string {
  const abs = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/** `Timestamp.isoformat()`: `2020-01-01T00:10:00+00:00`, microseconds only when non-zero. */
export function isoformat(t: Timestamp): string {
  const p = parts(t);
  return `${p.date}T${p.hms}${p.us ? `.${pad(p.us, 6)}` : ''}${t.offset === null ? '' : formatOffset(t.offset)}`;
}

/**
 * The index as pandas turns it into strings (the JSON keys): tz-aware stamps one by one
 * (`2020-01-01 00:10:00+00:00`); naive ones with one format for all: dates only when every stamp
 * is midnight, else milli- or microseconds on every stamp when any has a fraction.
 */
export function formatIndexKeys(stamps: readonly Timestamp[]): string[] {
  const all = stamps.map(parts);
  if (stamps.length > 0 && stamps[0]?.offset !== null) {
    return all.map(
      (p, i) => `${p.date} ${p.hms}${p.us ? `.${pad(p.us, 6)}` : ''}${formatOffset(stamps[i]?.offset ?? 0)}`,
    );
  }
  if (all.every((p) => p.midnight)) return all.map((p) => p.date);
  const anyFraction = all.some((p) => p.us !== 0);
  const millis = all.every((p) => p.us % 1000 === 0);
  return all.map(
    (p) => `${p.date} ${p.hms}${!anyFraction ? '' : millis ? `.${pad(p.us / 1000, 3)}` : `.${pad(p.us, 6)}`}`,
  );
}

const UNIT_MICROS: Record<string, number> = {
  D: MICROS_PER_DAY,
  H: 3_600_000_000,
  T: 60_000_000,
  MIN: 60_000_000,
  S: 1_000_000,
  L: 1000,
  MS: 1000,
  U: 1,
  US: 1,
};

/** A pandas frequency such as `10T`, `1H`, `30S` or `15min` in microseconds; null when not a fixed span. */
export function resolutionMicros(resolution: unknown): number | null {
  if (typeof resolution !== 'string') return null;
  const match = /^\s*(\d*)\s*([A-Za-z]+)\s*$/.exec(resolution);
  if (!match) return null;
  const unit = UNIT_MICROS[(match[2] as string).toUpperCase()];
  if (unit === undefined) return null;
  return (match[1] === '' ? 1 : Number(match[1])) * unit;
}
