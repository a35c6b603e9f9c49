import type { TaskResult } from '@latigo/task-queue';

/** Codes whose errors carry no `retryable` of their own but can never succeed on a retry. */
const NEVER_RETRYABLE = new Set([
  'TS_SERIES_AMBIGUOUS',
  'TS_SERIES_EXISTS',
  'TS_BAD_RESPONSE',
  'AUTH_CONFIG_INVALID',
  'AUTH_VERIFICATION_FAILED',
]);

/** A failed task as the queue records it, and the metric label. */
export interface Failure {
  readonly result: Extract<TaskResult, { outcome: 'failed' }>;
  readonly code: string;
}

/**
 * The retry policy per error class: an error's own `retryable` decides when it has one
 * (`UpstreamError`: 5xx, 429, timeouts, connection errors; `GordoError`: only unavailability;
 * `ExecutorError`: per code); a few codes are known to be final (ambiguous series, bad response
 * bodies, auth configuration); anything else is assumed transient and retried, bounded by
 * `executor.retry.max_attempts`, after which the queue dead-letters it with this reason.
 */
export function classifyFailure(error: unknown): Failure {
  const e = error as { name?: unknown; message?: unknown; code?: unknown; retryable?: unknown } | null;
  const code = typeof e?.code === 'string' && e.code !== '' ? e.code : 'EXECUTOR_UNEXPECTED';
  const retryable = typeof e?.retryable === 'boolean' ? e.retryable : !NEVER_RETRYABLE.has(code);
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return { code, result: { outcome: 'failed', reason: `${name}: ${message}`, code, retryable } };
}
