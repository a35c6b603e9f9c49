/** Why a duration was rejected; callers branch on this, not on the message. */
export type DurationErrorCode =
  /** Not a form the original (pandas.to_timedelta) accepted, e.g. "5x" or "". */
  | 'DURATION_UNPARSEABLE'
  /** A leading minus: pandas accepted it, but no Latigo setting means anything negative. */
  | 'DURATION_NEGATIVE'
  /** A bare number other than 0: pandas read it as nanoseconds, which is never what was meant. */
  | 'DURATION_NO_UNIT'
  /** M (month or minute?) or Y (year): not a fixed length. */
  | 'DURATION_AMBIGUOUS_UNIT'
  /** Finer than a millisecond, which the scheduler cannot honour. */
  | 'DURATION_SUB_MILLISECOND'
  /** More milliseconds than a JavaScript number holds exactly. */
  | 'DURATION_TOO_LONG';

/** A duration text that `parseDuration` rejected; `message` quotes the text and says how to fix it. */
export class DurationError extends Error {
  constructor(
    readonly code: DurationErrorCode,
    readonly text: string,
    message: string,
  ) {
    super(message);
    this.name = 'DurationError';
  }
}

const NS_PER_MS = 1_000_000n;
const NS = {
  W: 7n * 86_400_000_000_000n,
  D: 86_400_000_000_000n,
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: NS_PER_MS,
  us: 1_000n,
  ns: 1n,
} as const;

// pandas 1.0's unit abbreviations (timedelta_abbrevs), matched after lower-casing as pandas did.
const UNITS: Record<string, bigint> = {
  w: NS.W,
  d: NS.D,
  day: NS.D,
  days: NS.D,
  h: NS.h,
  hr: NS.h,
  hour: NS.h,
  hours: NS.h,
  m: NS.m,
  t: NS.m,
  min: NS.m,
  minute: NS.m,
  minutes: NS.m,
  s: NS.s,
  sec: NS.s,
  second: NS.s,
  seconds: NS.s,
  ms: NS.ms,
  l: NS.ms,
  milli: NS.ms,
  millis: NS.ms,
  millisecond: NS.ms,
  milliseconds: NS.ms,
  us: NS.us,
  µs: NS.us,
  u: NS.us,
  micro: NS.us,
  micros: NS.us,
  microsecond: NS.us,
  microseconds: NS.us,
  ns: NS.ns,
  n: NS.ns,
  nano: NS.ns,
  nanos: NS.ns,
  nanosecond: NS.ns,
  nanoseconds: NS.ns,
};

const EXAMPLES = '(examples: 30m, 1h30m, 00:30:00)';
const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const SEPARATORS = /[\s,]+/y;
const COMPONENT = new RegExp(String.raw`${NUMBER}\s*([a-zµ]+)`, 'iy');
const CLOCK = /(\d+):(\d+):(\d+)(?:\.(\d{1,9}))?/y;
const ISO = new RegExp(
  String.raw`^P(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?=\d)(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
  'i',
);

/**
 * Parses a duration the way the Python Latigo's settings were written (it used
 * `pandas.to_timedelta`) and returns milliseconds: `30m`, `30min`, `30T`, `3h`, `1d`, `2W`,
 * `1h30m`, `1 hour 30 minutes`, `1.5h`, `90s`, `00:30:00`, `1 days 02:00:00`, `PT30M`.
 * Units are case-insensitive except `M`.
 *
 * Rejected, each with a `DurationError` whose message quotes the text: anything else, negative
 * durations, `M` and `Y` (not fixed lengths), bare numbers other than `0` (pandas read `30` as
 * 30 ns), and values finer than a millisecond.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim().replace(/^\+/, '');
  if (trimmed.startsWith('-')) {
    throw new DurationError('DURATION_NEGATIVE', text, `"${text}" is negative; a duration must be 0 or more`);
  }
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    if (Number(trimmed) === 0) return 0;
    throw new DurationError(
      'DURATION_NO_UNIT',
      text,
      `"${text}" has no unit (the Python Latigo read a bare number as nanoseconds); write e.g. "${trimmed}m" or "${trimmed}s"`,
    );
  }
  const ns = /^p/i.test(trimmed) ? parseIso(text, trimmed) : parseComponents(text, trimmed);
  if (ns % NS_PER_MS !== 0n) {
    throw new DurationError(
      'DURATION_SUB_MILLISECOND',
      text,
      `"${text}" is not a whole number of milliseconds`,
    );
  }
  const ms = ns / NS_PER_MS;
  if (ms > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DurationError('DURATION_TOO_LONG', text, `"${text}" is too long`);
  }
  return Number(ms);
}

function unparseable(text: string, detail?: string): DurationError {
  const why = detail ? `: ${detail}` : '';
  return new DurationError(
    'DURATION_UNPARSEABLE',
    text,
    `could not parse "${text}" as a duration${why} ${EXAMPLES}`,
  );
}

// Components like "1h 30m" or "1 days", optionally followed by a clock "02:00:00[.fff]".
function parseComponents(text: string, s: string): bigint {
  let total = 0n;
  let found = false;
  let at = 0;
  while (at < s.length) {
    SEPARATORS.lastIndex = at;
    if (SEPARATORS.exec(s)) {
      at = SEPARATORS.lastIndex;
      continue;
    }
    CLOCK.lastIndex = at;
    const clock = CLOCK.exec(s);
    if (clock) {
      const [, h = '', m = '', sec = '', fraction = ''] = clock;
      total += BigInt(h) * NS.h + BigInt(m) * NS.m + BigInt(sec) * NS.s + BigInt(fraction.padEnd(9, '0'));
      found = true;
      at = CLOCK.lastIndex;
      // pandas ends a value at its clock: "02:00:00 1h" is not a duration.
      if (s.slice(at).trim() !== '') throw unparseable(text, 'nothing may follow hh:mm:ss');
      break;
    }
    COMPONENT.lastIndex = at;
    const component = COMPONENT.exec(s);
    if (!component) throw unparseable(text);
    const [, number = '', unit = ''] = component;
    total += scaled(text, number, unitNs(text, unit));
    found = true;
    at = COMPONENT.lastIndex;
  }
  if (!found) throw unparseable(text);
  return total;
}

function unitNs(text: string, unit: string): bigint {
  if (unit === 'M') {
    throw new DurationError(
      'DURATION_AMBIGUOUS_UNIT',
      text,
      `"${text}": M could mean months or minutes; write m or min for minutes`,
    );
  }
  if (unit.toLowerCase() === 'y') {
    throw new DurationError(
      'DURATION_AMBIGUOUS_UNIT',
      text,
      `"${text}": years (Y) have no fixed length; use days (d) or weeks (W)`,
    );
  }
  const ns = UNITS[unit.toLowerCase()];
  if (ns === undefined) throw unparseable(text, `unknown unit "${unit}"`);
  return ns;
}

// ISO 8601 durations without years or months: PnW, PnDTnHnMnS.
function parseIso(text: string, s: string): bigint {
  const match = ISO.exec(s);
  if (!match) {
    if (/y/i.test(s) || /^p[^t]*m/i.test(s)) {
      throw new DurationError(
        'DURATION_AMBIGUOUS_UNIT',
        text,
        `"${text}": ISO years and months have no fixed length; use days (D) or weeks (W)`,
      );
    }
    throw unparseable(text);
  }
  const [, w, d, h, m, sec] = match;
  const parts: [string | undefined, bigint][] = [
    [w, NS.W],
    [d, NS.D],
    [h, NS.h],
    [m, NS.m],
    [sec, NS.s],
  ];
  if (parts.every(([n]) => n === undefined)) throw unparseable(text);
  return parts.reduce((sum, [n, unit]) => (n === undefined ? sum : sum + scaled(text, n, unit)), 0n);
}

// Exact decimal arithmetic, so "1.1h" is exactly 3 960 000 ms and "0.5ns" is caught, not rounded.
function scaled(text: string, number: string, unit: bigint): bigint {
  const [whole = '', fraction = ''] = number.split('.');
  const divisor = 10n ** BigInt(fraction.length);
  const product = BigInt(whole + fraction) * unit;
  if (product % divisor !== 0n) {
    throw new DurationError(
      'DURATION_SUB_MILLISECOND',
      text,
      `"${text}" is not a whole number of milliseconds`,
    );
  }
  return product / divisor;
}
