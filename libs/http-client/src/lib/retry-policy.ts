/** When and how long to wait before another attempt. */
export interface RetryPolicyOptions {
  /** Attempts in all, including the first (default 4). 1 disables retries. */
  maxAttempts?: number;
  /** Upper bound of the first backoff (default 200 ms); doubles per attempt. */
  baseDelayMs?: number;
  /** Cap of a single backoff and of an honoured Retry-After (default 30 s). */
  maxDelayMs?: number;
  /** Statuses worth another attempt (default 408, 425, 429, 500, 502, 503, 504). */
  retryStatuses?: readonly number[];
}

export const DEFAULT_RETRY_STATUSES = [408, 425, 429, 500, 502, 503, 504] as const;

/** Connection-level failures that another attempt can fix (undici and Node error codes). */
const RETRYABLE_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/**
 * Exponential backoff with full jitter (a uniform draw below the doubled bound), so that many
 * clients failing together do not retry together; a server's Retry-After wins when it is given.
 */
export class RetryPolicy {
  readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly retryStatuses: ReadonlySet<number>;

  constructor(
    options: RetryPolicyOptions = {},
    private readonly random: () => number = Math.random,
  ) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.retryStatuses = new Set(options.retryStatuses ?? DEFAULT_RETRY_STATUSES);
  }

  isRetryableStatus(status: number): boolean {
    return this.retryStatuses.has(status);
  }

  isRetryableError(error: unknown): boolean {
    const code = (error as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' && RETRYABLE_ERROR_CODES.has(code);
  }

  /** Delay before attempt `attempt + 1` (attempt counts from 1). */
  delayMs(attempt: number, retryAfter?: string | string[]): number {
    const fromServer = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    if (fromServer !== undefined) return Math.min(fromServer, this.maxDelayMs);
    const bound = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.random() * bound);
  }
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
