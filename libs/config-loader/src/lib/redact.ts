import { isSecretKey, REDACTED } from '@latigo/observability';
import type { z } from 'zod';
import { walkWithSchema } from './walk';

/**
 * A copy of a configuration object with every secret replaced by `<redacted>`: fields marked
 * `secret` in the schema, and, as a second guard for map entries and keys the schema does not
 * declare, any field whose name looks like a credential.
 */
export function redactConfig<T>(schema: z.ZodType, config: T): T {
  return walkWithSchema(schema, config, {
    visit: (value, meta, path, declared) => {
      if (!isSet(value) || (typeof value === 'object' && !meta.secret)) return value;
      const name = String(path[path.length - 1] ?? '');
      return meta.secret || (!declared && isSecretKey(name)) ? REDACTED : value;
    },
  }) as T;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}
