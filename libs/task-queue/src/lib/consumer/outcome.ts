import type { TaskResult } from '../task-queue';

const MAX_REASON_LENGTH = 1000;

/** A handler's result or error, reduced to what the consumer acts on. */
export type Outcome =
  | { kind: 'succeeded' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string; code: string; retryable: boolean };

/** Reads what a handler returned (nothing means succeeded). */
export function outcomeOfResult(result: TaskResult | void): Outcome {
  if (!result || result.outcome === 'succeeded') return { kind: 'succeeded' };
  if (result.outcome === 'skipped') return { kind: 'skipped', reason: bound(result.reason) };
  return {
    kind: 'failed',
    reason: bound(result.reason),
    code: result.code ?? 'TASK_FAILED',
    retryable: result.retryable ?? true,
  };
}

/**
 * Reads what a handler threw: retryable unless the error says `retryable: false` (the convention of
 * the Latigo client errors); its string `code` is kept for the dead letter.
 */
export function outcomeOfError(error: unknown): Outcome {
  const e = error as { name?: unknown; message?: unknown; code?: unknown; retryable?: unknown } | null;
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return {
    kind: 'failed',
    reason: bound(`${name}: ${message}`),
    code: typeof e?.code === 'string' && e.code ? e.code : 'TASK_FAILED',
    retryable: e?.retryable !== false,
  };
}

function bound(text: string): string {
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}
