import type { z } from 'zod';
import { defOf, unwrap, type ConfigFieldMeta } from './schema';

/** `declared` is false for entries of a map or keys the schema does not know. */
export type Visit = (value: unknown, meta: ConfigFieldMeta, path: PropertyKey[], declared: boolean) => unknown;

/**
 * Walks a value alongside its schema and rebuilds it; `visit` sees every value whose field
 * carries metadata and may replace it. `onUnknownKey` reports keys the schema does not know.
 */
export function walkWithSchema(
  schema: z.ZodType,
  value: unknown,
  options: { visit?: Visit; onUnknownKey?: (path: PropertyKey[]) => void },
  path: PropertyKey[] = [],
  declared = true,
): unknown {
  const { schema: inner, meta } = unwrap(schema);
  if (options.visit) {
    const replaced = options.visit(value, meta, path, declared);
    if (replaced !== value) return replaced;
  }
  const def = defOf(inner);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return def.type === 'array' && def.element
      ? value.map((item, i) => walkWithSchema(def.element as z.ZodType, item, options, [...path, i]))
      : value;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (def.type === 'object' && def.shape) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of entries) {
      const childSchema = def.shape[key] ?? catchallOf(def.catchall);
      if (!childSchema) options.onUnknownKey?.([...path, key]);
      out[key] = childSchema
        ? walkWithSchema(childSchema, child, options, [...path, key], def.shape[key] !== undefined)
        : (options.visit?.(child, {}, [...path, key], false) ?? child);
    }
    return out;
  }
  if (def.type === 'record' && def.valueType) {
    const valueType = def.valueType;
    return Object.fromEntries(entries.map(([k, v]) => [k, walkWithSchema(valueType, v, options, [...path, k], false)]));
  }
  return value;
}

// z.looseObject has an `unknown` catchall: any key is allowed and not reported.
function catchallOf(catchall: z.ZodType | undefined): z.ZodType | undefined {
  if (!catchall) return undefined;
  return defOf(catchall).type === 'never' ? undefined : catchall;
}
