export const REDACTED = '<redacted>';

// Field names whose values are credentials. Matched on the key, never on the value, so that
// ordinary text is left alone; `Ocp-Apim-Subscription-Key` and `connection_string` are included.
const SECRET_KEY_PATTERN =
  /(secret|password|passwd|token|api[-_]?key|subscription[-_]?key|connection[-_]?string|authorization|credential|sas[-_]?key|sharedaccesskey)/i;

/** True when a field with this name must never be printed. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key);
}

/**
 * A deep copy of `value` with the values of secret-looking fields replaced by `<redacted>`.
 * Errors are flattened to name/message/code/stack so that they survive JSON logging.
 */
export function redactSecrets(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) return serializeError(value, seen);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key) && inner !== undefined && inner !== null && inner !== '' ? REDACTED : redactSecrets(inner, seen);
  }
  return out;
}

function serializeError(error: Error, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  const { code, context, cause } = error as Error & { code?: unknown; context?: unknown; cause?: unknown };
  if (code !== undefined) out['code'] = code;
  if (context !== undefined) out['context'] = redactSecrets(context, seen);
  if (error.stack) out['stack'] = error.stack;
  if (cause !== undefined) out['cause'] = redactSecrets(cause, seen);
  return out;
}
