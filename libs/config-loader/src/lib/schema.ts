import { z } from 'zod';

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
