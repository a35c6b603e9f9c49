import { z } from 'zod';
import { DurationError, parseDuration } from './duration';
import { parseTimeOfDay, TimeOfDayError } from './time-of-day';

/** Metadata a configuration schema carries beyond types: documentation and secrecy. */
export interface ConfigFieldMeta {
  description?: string;
  /** The value is a credential: never printed, logged or put in an error message. */
  secret?: boolean;
  /** Accepted for compatibility with the Python Latigo but has no effect. */
  ignored?: boolean;
}

/** Marks a field as a secret (redacted by `redactConfig` and `--print-config`). */
export function secret<T extends z.ZodType>(schema: T, description?: string): T {
  return schema.meta({ secret: true, ...(description ? { description } : {}) }) as T;
}

/** Documents a field; the README's configuration reference is generated from these. */
export function doc<T extends z.ZodType>(schema: T, description: string): T {
  return schema.meta({ description }) as T;
}

/** A key the original accepted and ignored; kept so existing override files still load. */
export function ignored<T extends z.ZodType>(schema: T, why: string): T {
  return schema.meta({ ignored: true, description: `Accepted and ignored: ${why}` }) as T;
}

/**
 * An integer that may also arrive as a numeric string, because `${VAR}` interpolation always
 * yields strings (e.g. `port: ${CACHE_PORT}`).
 */
export function integer(): z.ZodType<number, unknown> {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number().int(),
  ) as z.ZodType<number, unknown>;
}

/** A boolean that may also arrive as "true"/"false" (any case) from an environment variable. */
export function boolean(): z.ZodType<boolean, unknown> {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const lower = v.trim().toLowerCase();
    return lower === 'true' ? true : lower === 'false' ? false : v;
  }, z.boolean()) as z.ZodType<boolean, unknown>;
}

/**
 * A configured duration or time of day: the text as written, for display, and what it means in
 * milliseconds, for use. It serialises (JSON, YAML, logs, `--print-config`) as its text.
 */
export interface ParsedSetting {
  readonly text: string;
  /** A duration's length, or a time of day's offset after midnight UTC. */
  readonly ms: number;
}

/** Limits for `duration()`, written as durations, e.g. `{ min: '1s', max: '24h' }`. */
export interface DurationLimits {
  min?: string;
  max?: string;
}

/**
 * A duration in the forms the original accepted (`30m`, `1h30m`, `00:30:00`, `PT30M`, … see
 * `parseDuration`), parsed to a `ParsedSetting`. A bad value fails validation with its text, e.g.
 * `could not parse "5x" as a duration (examples: 30m, 1h30m, 00:30:00)`. A YAML number is read
 * as text, so `0` is accepted and `30` is rejected for want of a unit.
 */
export function duration(limits: DurationLimits = {}): z.ZodType<ParsedSetting, unknown> {
  const min = limits.min === undefined ? undefined : parseDuration(limits.min);
  const max = limits.max === undefined ? undefined : parseDuration(limits.max);
  return z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : v),
    z.string().transform((text, ctx) => {
      let ms: number;
      try {
        ms = parseDuration(text);
      } catch (error) {
        if (!(error instanceof DurationError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message, input: text });
        return z.NEVER;
      }
      const outOfRange =
        min !== undefined && ms < min
          ? `"${text}" is shorter than the minimum, ${limits.min}`
          : max !== undefined && ms > max
            ? `"${text}" is longer than the maximum, ${limits.max}`
            : undefined;
      if (outOfRange) {
        ctx.addIssue({ code: 'custom', message: outOfRange, input: text });
        return z.NEVER;
      }
      return parsedSetting(text, ms);
    }),
  ) as z.ZodType<ParsedSetting, unknown>;
}

/** A UTC time of day, strictly `HH:MM` as the original's `strptime("%H:%M")`, parsed to a `ParsedSetting`. */
export function timeOfDay(): z.ZodType<ParsedSetting, unknown> {
  return z.string().transform((text, ctx) => {
    try {
      return parsedSetting(text, parseTimeOfDay(text));
    } catch (error) {
      if (!(error instanceof TimeOfDayError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message, input: text });
      return z.NEVER;
    }
  }) as z.ZodType<ParsedSetting, unknown>;
}

function parsedSetting(text: string, ms: number): ParsedSetting {
  // Non-enumerable, so equality checks and spreads see only { text, ms }.
  return Object.freeze(
    Object.defineProperty({ text, ms }, 'toJSON', { value: () => text, enumerable: false }),
  );
}

/** Reads the metadata attached with `.meta()`, if any. */
export function metaOf(schema: z.ZodType): ConfigFieldMeta {
  return (z.globalRegistry.get(schema) as ConfigFieldMeta | undefined) ?? {};
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}

export function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

export interface Unwrapped {
  /** The schema under the wrappers (object, string, enum, …). */
  schema: z.ZodType;
  /** Metadata found on any layer; the outermost wins. */
  meta: ConfigFieldMeta;
  /** An optional, nullable or defaulted layer was found: the key may be left out. */
  optional: boolean;
  /** The outermost `.default()`/`.prefault()` value, if any. */
  defaultValue?: unknown;
}

/** Peels optional/nullable/default/pipe wrappers, collecting what they say on the way. */
export function unwrap(schema: z.ZodType): Unwrapped {
  let current = schema;
  let meta: ConfigFieldMeta = { ...metaOf(schema) };
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const def = defOf(current) as Def & { defaultValue?: unknown };
    let next: z.ZodType | undefined;
    if (def.type === 'optional' || def.type === 'nullable') {
      optional = true;
      next = def.innerType;
    } else if (def.type === 'default' || def.type === 'prefault') {
      optional = true;
      defaultValue ??= def.defaultValue;
      next = def.innerType;
    } else if (def.type === 'pipe') {
      // z.preprocess is pipe(transform, schema); a trailing .transform() is pipe(schema, transform).
      next = def.in && defOf(def.in).type === 'transform' ? def.out : def.in;
    }
    if (!next) return { schema: current, meta, optional, defaultValue };
    current = next;
    meta = { ...metaOf(current), ...meta };
  }
}
