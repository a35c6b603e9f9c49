import { bodyExcerpt, UpstreamError } from '@latigo/http-client';

/** Stable codes callers branch on (never on message text). */
export type GordoErrorCode =
  /** 410: the revision is not (or no longer) on the server; re-resolve the latest and start over. */
  | 'GORDO_REVISION_GONE'
  /** 404 on a model route: the model (or its metadata) is not in that revision. */
  | 'GORDO_MODEL_NOT_FOUND'
  /** 422 on `/anomaly/prediction`: a plain model. The client falls back to `/prediction` by itself. */
  | 'GORDO_NOT_ANOMALY_MODEL'
  /** Any other 4xx: the request was wrong (columns, body, route); repeating it will not help. */
  | 'GORDO_BAD_REQUEST'
  /** 401/403 that a fresh token did not cure. */
  | 'GORDO_UNAUTHORIZED'
  /** A 2xx that is not what Gordo sends (a sign-in page, malformed JSON or parquet, missing keys). */
  | 'GORDO_BAD_RESPONSE'
  /** 5xx, 429, timeouts or connection failures, after the retries: worth another try later. */
  | 'GORDO_UNAVAILABLE'
  /** Rejected before sending: missing tags, unequal lengths, unsorted index, non-finite values. */
  | 'GORDO_INVALID_INPUT';

const RETRYABLE: ReadonlySet<GordoErrorCode> = new Set(['GORDO_UNAVAILABLE']);

/** Where the error happened; no secrets (paths and names only). */
export interface GordoErrorContext {
  project: string;
  model?: string;
  revision?: string;
  method?: string;
  /** URL path without the query string. */
  path?: string;
  status?: number;
  /** At most 300 characters of the response body. */
  bodyExcerpt?: string;
}

/** A failed Gordo call or a rejected prediction input, with a stable `code`. */
export class GordoError extends Error {
  readonly code: GordoErrorCode;
  readonly context: GordoErrorContext;

  constructor(
    code: GordoErrorCode,
    message: string,
    context: GordoErrorContext,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GordoError';
    this.code = code;
    this.context = context;
  }

  /** Whether the same call could succeed later (only `GORDO_UNAVAILABLE`). */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }

  get status(): number | undefined {
    return this.context.status;
  }
}

/** What the client knows about a call when it maps its failure. */
export interface CallScope {
  project: string;
  model?: string;
  revision?: string;
}

/** Maps an `UpstreamError` (or anything thrown by a call) to a `GordoError` with the cause kept. */
export function toGordoError(error: unknown, scope: CallScope): GordoError {
  if (error instanceof GordoError) return error;
  if (!(error instanceof UpstreamError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new GordoError('GORDO_BAD_RESPONSE', `gordo: ${message}`, { ...scope }, { cause: error });
  }
  const { method, path, status, bodyExcerpt: excerpt } = error.context;
  const context: GordoErrorContext = { ...scope, method, path, status, bodyExcerpt: excerpt };
  return new GordoError(codeOf(error, scope), error.message, context, { cause: error });
}

function codeOf(error: UpstreamError, scope: CallScope): GordoErrorCode {
  if (error.code === 'UPSTREAM_BAD_RESPONSE') return 'GORDO_BAD_RESPONSE';
  if (error.code !== 'UPSTREAM_STATUS') return 'GORDO_UNAVAILABLE';
  const status = error.context.status ?? 0;
  if (status === 410) return 'GORDO_REVISION_GONE';
  // Without a model in the path a 404 means a wrong base URL, which is a request problem.
  if (status === 404 && scope.model !== undefined) return 'GORDO_MODEL_NOT_FOUND';
  // 422 also means a malformed model name (HTML page); only the anomaly route uses it for plain models.
  if (status === 422 && error.context.path.endsWith('/anomaly/prediction')) return 'GORDO_NOT_ANOMALY_MODEL';
  if (status === 401 || status === 403) return 'GORDO_UNAUTHORIZED';
  if (error.retryable || status >= 500) return 'GORDO_UNAVAILABLE';
  return 'GORDO_BAD_REQUEST';
}

/** A 2xx body Gordo would not send, named by call and with a bounded excerpt. */
export function badResponse(
  scope: CallScope & { method: string; path: string; status: number },
  reason: string,
  body: Buffer | string,
  cause?: unknown,
): GordoError {
  const excerpt = bodyExcerpt(body);
  return new GordoError(
    'GORDO_BAD_RESPONSE',
    `gordo: ${scope.method} ${scope.path} answered ${scope.status} with ${reason}: ${excerpt || '(empty body)'}`,
    { ...scope, bodyExcerpt: excerpt },
    cause === undefined ? undefined : { cause },
  );
}
