/** Stable codes callers branch on (never on message text). */
export type UpstreamErrorCode =
  /** The upstream answered with an error status (4xx/5xx). */
  | 'UPSTREAM_STATUS'
  /** No complete answer within the per-attempt timeout. */
  | 'UPSTREAM_TIMEOUT'
  /** The connection failed or broke (refused, reset, closed mid-body). */
  | 'UPSTREAM_CONNECTION'
  /** A 2xx that is not what the API sends (e.g. an HTML sign-in page, unparsable JSON). */
  | 'UPSTREAM_BAD_RESPONSE';

export interface UpstreamErrorContext {
  /** Which upstream, e.g. `gordo`, `timeseries`, `metadata`. */
  service: string;
  method: string;
  /** The URL path without the query string (queries may carry identifiers, never secrets, but stay out). */
  path: string;
  status?: number;
  /** At most 300 characters of the response body, whitespace collapsed. */
  bodyExcerpt?: string;
  /** How many attempts were made before giving up. */
  attempts: number;
  /** Whether another attempt later could succeed (5xx, 429, timeouts, connection errors). */
  retryable: boolean;
}

/** A failed call to an upstream HTTP API, with what was called, what came back, and the cause. */
export class UpstreamError extends Error {
  readonly code: UpstreamErrorCode;
  readonly context: UpstreamErrorContext;

  constructor(
    code: UpstreamErrorCode,
    message: string,
    context: UpstreamErrorContext,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamError';
    this.code = code;
    this.context = context;
  }

  get status(): number | undefined {
    return this.context.status;
  }

  get retryable(): boolean {
    return this.context.retryable;
  }
}

const EXCERPT_LENGTH = 300;

/** A bounded, single-line excerpt of a body for error messages. */
export function bodyExcerpt(body: Buffer | string, max = EXCERPT_LENGTH): string {
  const text = (typeof body === 'string' ? body : body.subarray(0, max * 4).toString('utf8'))
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
