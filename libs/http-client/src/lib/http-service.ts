import { setTimeout as sleep } from 'node:timers/promises';
import { type Logger, noopLogger } from '@latigo/observability';
import { type Dispatcher, type FormData, getGlobalDispatcher, request } from 'undici';
import { bodyExcerpt, UpstreamError, type UpstreamErrorCode } from './errors';
import { RetryPolicy, type RetryPolicyOptions } from './retry-policy';

/** Adds credentials to requests; `refresh` gets new ones after a 401 (see @latigo/auth). */
export interface RequestAuthenticator {
  headers(): Promise<Record<string, string>>;
  refresh(): Promise<void>;
}

export interface HttpServiceOptions {
  /** Name used in errors, logs and metrics, e.g. `gordo`. */
  service: string;
  /** Base URL; call paths are appended to its path. */
  baseUrl: string;
  /** The undici dispatcher (Agent, MockAgent, or one composed with interceptors); default: global. */
  dispatcher?: Dispatcher;
  /** Per-attempt timeout for the whole exchange, headers and body (default 30 s). */
  timeoutMs?: number;
  retry?: RetryPolicyOptions;
  authenticator?: RequestAuthenticator;
  /** Sent with every request (e.g. User-Agent). */
  headers?: Record<string, string>;
  logger?: Logger;
  /** For tests: the jitter source. */
  random?: () => number;
}

export interface HttpCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL, e.g. `/models`; already encoded. */
  path: string;
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>;
  headers?: Record<string, string>;
  body?: string | Buffer | FormData;
  /**
   * Whether repeating the call is harmless. GET, PUT and DELETE are; a POST only when the API
   * makes it so (Gordo predictions; Timeseries writes, which upsert by timestamp).
   */
  idempotent?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The Content-Type without parameters, lower case ('' when absent). */
  mediaType: string;
}

/**
 * One upstream HTTP API: every call has a timeout, retries only what is safe to repeat, honours
 * Retry-After, refreshes credentials once on 401, and fails with an `UpstreamError` that names the
 * service, method, path, status and a body excerpt. Secrets never enter messages: only the path
 * is reported, and headers are never logged.
 */
export class HttpService {
  readonly service: string;
  private readonly base: URL;
  private readonly exactBase: URL;
  private readonly retry: RetryPolicy;
  private readonly logger: Logger;

  constructor(private readonly options: HttpServiceOptions) {
    this.service = options.service;
    this.exactBase = new URL(options.baseUrl);
    // Relative resolution needs a trailing slash, or the last base segment would be replaced.
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.retry = new RetryPolicy(options.retry, options.random);
    this.logger = (options.logger ?? noopLogger).child({ upstream: options.service });
  }

  /** The URL of a call: base path + call path (empty: the base itself) + query (repeated keys for arrays). */
  url(path: string, query?: HttpCall['query']): URL {
    const url = path === '' ? new URL(this.exactBase) : new URL(path.replace(/^\//, ''), this.base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    return url;
  }

  /** Makes the call; resolves with any 2xx, rejects with `UpstreamError` otherwise. */
  async call(call: HttpCall): Promise<HttpResponse> {
    const url = this.url(call.path, call.query);
    const idempotent = call.idempotent ?? call.method !== 'POST';
    const maxAttempts = idempotent ? this.retry.maxAttempts : 1;
    let refreshedAuth = false;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(call, url);
      if ('response' in outcome && outcome.response.status < 300) return outcome.response;
      if (
        'response' in outcome &&
        outcome.response.status === 401 &&
        this.options.authenticator &&
        !refreshedAuth
      ) {
        // A token can be revoked or expire early: one more try with fresh credentials, not counted.
        refreshedAuth = true;
        await this.options.authenticator.refresh();
        attempt--;
        continue;
      }
      const retryable =
        'response' in outcome
          ? this.retry.isRetryableStatus(outcome.response.status)
          : this.retry.isRetryableError(outcome.error) || outcome.timedOut;
      if (!retryable || attempt >= maxAttempts || call.signal?.aborted)
        throw this.toError(call, url, outcome, attempt, retryable);
      const delay = this.retry.delayMs(
        attempt,
        'response' in outcome ? outcome.response.headers['retry-after'] : undefined,
      );
      this.logger.warn(`${this.service}: ${call.method} ${url.pathname} failed, retrying`, {
        attempt,
        maxAttempts,
        delayMs: delay,
        ...('response' in outcome
          ? { status: outcome.response.status }
          : { error: String((outcome.error as Error)?.message ?? outcome.error) }),
      });
      await sleep(delay, undefined, call.signal ? { signal: call.signal } : undefined);
    }
  }

  /** `call` and parse a JSON body; a 2xx without JSON is an `UPSTREAM_BAD_RESPONSE`. */
  async json<T>(call: HttpCall, parse: (text: string) => unknown = JSON.parse): Promise<T> {
    const response = await this.call({ ...call, headers: { accept: 'application/json', ...call.headers } });
    return this.parseJson<T>(call, response, parse);
  }

  /** Parses a response body as JSON, or fails naming the call and showing the start of the body. */
  parseJson<T>(
    call: Pick<HttpCall, 'method' | 'path'>,
    response: HttpResponse,
    parse: (text: string) => unknown = JSON.parse,
  ): T {
    const context = {
      service: this.service,
      method: call.method,
      path: this.url(call.path).pathname,
      status: response.status,
      bodyExcerpt: bodyExcerpt(response.body),
      attempts: 1,
      retryable: false,
    };
    if (!response.mediaType.endsWith('json')) {
      throw new UpstreamError(
        'UPSTREAM_BAD_RESPONSE',
        `${this.service}: ${call.method} ${context.path} answered ${response.status} with ${response.mediaType || 'no content type'} instead of JSON (a sign-in page from a proxy?): ${context.bodyExcerpt}`,
        context,
      );
    }
    try {
      return parse(response.body.toString('utf8')) as T;
    } catch (cause) {
      throw new UpstreamError(
        'UPSTREAM_BAD_RESPONSE',
        `${this.service}: ${call.method} ${context.path} answered ${response.status} with malformed JSON: ${context.bodyExcerpt}`,
        context,
        { cause },
      );
    }
  }

  private async attempt(
    call: HttpCall,
    url: URL,
  ): Promise<{ response: HttpResponse } | { error: unknown; timedOut: boolean }> {
    const timeout = AbortSignal.timeout(call.timeoutMs ?? this.options.timeoutMs ?? 30_000);
    const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
    // Credential failures are not upstream failures: they propagate as the authenticator's errors.
    const auth = (await this.options.authenticator?.headers()) ?? {};
    try {
      const res = await request(url, {
        method: call.method,
        headers: { ...this.options.headers, ...call.headers, ...auth },
        body: call.body ?? null,
        signal,
        dispatcher: this.options.dispatcher ?? getGlobalDispatcher(),
      });
      const body = Buffer.from(await res.body.arrayBuffer());
      const contentType = res.headers['content-type'];
      const mediaType =
        (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0]?.trim().toLowerCase() ??
        '';
      return { response: { status: res.statusCode, headers: res.headers, body, mediaType } };
    } catch (error) {
      return { error, timedOut: timeout.aborted };
    }
  }

  private toError(
    call: HttpCall,
    url: URL,
    outcome: { response: HttpResponse } | { error: unknown; timedOut: boolean },
    attempts: number,
    retryable: boolean,
  ): UpstreamError {
    const where = `${this.service}: ${call.method} ${url.pathname}`;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    if ('response' in outcome) {
      const excerpt = bodyExcerpt(outcome.response.body);
      return new UpstreamError(
        'UPSTREAM_STATUS',
        `${where} answered ${outcome.response.status}${tries}: ${excerpt || '(empty body)'}`,
        {
          service: this.service,
          method: call.method,
          path: url.pathname,
          status: outcome.response.status,
          bodyExcerpt: excerpt,
          attempts,
          retryable,
        },
      );
    }
    const code: UpstreamErrorCode = outcome.timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_CONNECTION';
    const reason = outcome.timedOut
      ? `timed out after ${call.timeoutMs ?? this.options.timeoutMs ?? 30_000} ms`
      : `failed: ${(outcome.error as Error)?.message ?? String(outcome.error)}`;
    return new UpstreamError(
      code,
      `${where} ${reason}${tries}`,
      { service: this.service, method: call.method, path: url.pathname, attempts, retryable },
      { cause: outcome.error },
    );
  }
}
