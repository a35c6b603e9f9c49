import { setTimeout as sleep } from 'node:timers/promises';
import { type Logger, noopLogger } from '@latigo/observability';
import { type Dispatcher, getGlobalDispatcher } from 'undici';
import { bodyExcerpt, UpstreamError, type UpstreamErrorCode } from './errors';
import { RetryPolicy, type RetryPolicyOptions } from './retry-policy';

const ACCEPT_JSON: Readonly<Record<string, string>> = Object.freeze({ accept: 'application/json' });

/** Distinct call paths remembered by a service (ids in paths make them unbounded). */
const MAX_RESOLVED_PATHS = 256;

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
  body?: string | Buffer;
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
  /** Call path → resolved path and search: the same few paths come back on every call. */
  private readonly resolved = new Map<string, { origin: string; pathname: string; search: string }>();

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

  /**
   * What `url(path, query)` gives, as the dispatcher takes it: the path (pathname + search). The
   * resolution of the call path by URL rules is remembered per path, and the query serialized as
   * `URLSearchParams` does, so that a call builds no URL object.
   */
  private target(path: string, query: HttpCall['query']): { origin: string; pathname: string; path: string } {
    let resolved = this.resolved.get(path);
    if (!resolved) {
      const url = this.url(path);
      resolved = { origin: url.origin, pathname: url.pathname, search: url.search };
      // Paths with ids vary without bound: keep the memo small.
      if (this.resolved.size >= MAX_RESOLVED_PATHS) this.resolved.clear();
      this.resolved.set(path, resolved);
    }
    let params: URLSearchParams | undefined;
    if (query) {
      for (const key of Object.keys(query)) {
        const value = query[key];
        if (value === undefined) continue;
        params ??= new URLSearchParams(resolved.search);
        if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
        else params.append(key, String(value));
      }
    }
    // As URL does: the search re-serialized once a parameter is appended, '' when nothing is left.
    const search = params ? params.toString() : undefined;
    const fullSearch = search === undefined ? resolved.search : search ? `?${search}` : '';
    return { origin: resolved.origin, pathname: resolved.pathname, path: resolved.pathname + fullSearch };
  }

  /** Makes the call; resolves with any 2xx, rejects with `UpstreamError` otherwise. */
  async call(call: HttpCall): Promise<HttpResponse> {
    const url = this.target(call.path, call.query);
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
    const response = await this.call({
      ...call,
      headers: call.headers ? { ...ACCEPT_JSON, ...call.headers } : ACCEPT_JSON,
    });
    return this.parseJson<T>(call, response, parse);
  }

  /** Parses a response body as JSON, or fails naming the call and showing the start of the body. */
  parseJson<T>(
    call: Pick<HttpCall, 'method' | 'path'>,
    response: HttpResponse,
    parse: (text: string) => unknown = JSON.parse,
  ): T {
    // Built only for an error: the excerpt and the path cost more than parsing a small body.
    const errorContext = () => ({
      service: this.service,
      method: call.method,
      path: this.target(call.path, undefined).pathname,
      status: response.status,
      bodyExcerpt: bodyExcerpt(response.body),
      attempts: 1,
      retryable: false,
    });
    if (!response.mediaType.endsWith('json')) {
      const context = errorContext();
      throw new UpstreamError(
        'UPSTREAM_BAD_RESPONSE',
        `${this.service}: ${call.method} ${context.path} answered ${response.status} with ${response.mediaType || 'no content type'} instead of JSON (a sign-in page from a proxy?): ${context.bodyExcerpt}`,
        context,
      );
    }
    try {
      return parse(response.body.toString('utf8')) as T;
    } catch (cause) {
      const context = errorContext();
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
    url: { origin: string; path: string },
  ): Promise<{ response: HttpResponse } | { error: unknown; timedOut: boolean }> {
    // A timer cleared when the exchange ends, rather than AbortSignal.timeout (+ AbortSignal.any):
    // those timers stay pending for the whole timeout after every request. Same abort reason.
    const exchange = new Exchange();
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        exchange.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      },
      call.timeoutMs ?? this.options.timeoutMs ?? 30_000,
    );
    timer.unref();
    const outer = call.signal;
    const forwardAbort = () => exchange.abort(outer?.reason);
    if (outer) {
      if (outer.aborted) forwardAbort();
      else outer.addEventListener('abort', forwardAbort, { once: true });
    }
    try {
      // Credential failures are not upstream failures: they propagate as the authenticator's errors.
      const auth = await this.options.authenticator?.headers();
      try {
        const res = await exchange.run(this.options.dispatcher ?? getGlobalDispatcher(), {
          origin: url.origin,
          path: url.path,
          method: call.method,
          headers: { ...this.options.headers, ...call.headers, ...auth },
          body: call.body ?? null,
        });
        const contentType = res.headers['content-type'];
        const mediaType =
          (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0]?.trim().toLowerCase() ??
          '';
        return { response: { status: res.status, headers: res.headers, body: res.body, mediaType } };
      } catch (error) {
        return { error, timedOut };
      }
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forwardAbort);
    }
  }

  private toError(
    call: HttpCall,
    url: { pathname: string },
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

type Collected = Pick<HttpResponse, 'status' | 'headers' | 'body'>;

/**
 * One request through `dispatch`, giving what undici's `request(…)` and then
 * `body.arrayBuffer()` give (status, headers as undici parses them, the body's bytes; the error
 * or abort reason when it fails), without the body stream, its events and ticks, nor an abort
 * signal: a response is wanted whole, so its chunks are only collected. An abort before the
 * request is written takes effect at its start, as with `request`.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private aborted = false;
  private reason: unknown;
  private settled = false;
  private status = 0;
  private headers: HttpResponse['headers'] = {};
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private resolve: (collected: Collected) => void = () => undefined;
  private reject: (error: unknown) => void = () => undefined;

  run(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions): Promise<Collected> {
    return new Promise<Collected>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      try {
        dispatcher.dispatch(options, this);
      } catch (error) {
        this.fail(error);
      }
    });
  }

  /** Like aborting a request's signal: the first reason wins, and a finished exchange stays finished. */
  abort(reason: unknown): void {
    if (this.aborted || this.settled) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason as Error);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.aborted) {
      controller.abort(this.reason as Error);
      return;
    }
    this.controller = controller;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: HttpResponse['headers'],
  ): void {
    // 1xx are informational: the final response follows.
    if (statusCode < 200) return;
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve({
      status: this.status,
      headers: this.headers,
      body: Buffer.concat(this.chunks, this.length),
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}
