import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { type Logger, noopLogger } from './logger';

/** Resolves when ready; rejects (or returns a reason string) when not. */
export type ReadinessCheck = () => Promise<void | string> | void | string;

export interface HealthServerOptions {
  /** Interface to bind; `0.0.0.0` in a container, `127.0.0.1` in tests. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  registry?: Registry;
  logger?: Logger;
  /** A check that takes longer than this counts as failed. Default 2000 ms. */
  checkTimeoutMs?: number;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  reason?: string;
}

/** What a read-only route sees of a request. */
export interface RouteRequest {
  /** The path without the query string, as sent (still percent-encoded). */
  path: string;
  query: URLSearchParams;
  /** The pattern's `:name` segments, percent-decoded. */
  params: Record<string, string>;
}

/** A route's answer; the server leaves the body out for HEAD. */
export interface RouteResponse {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: RouteRequest) => Promise<RouteResponse> | RouteResponse;

/** The probes and the scrape: fixed, so an added route cannot shadow them. */
const BUILT_IN_ROUTES = ['/healthz', '/readyz', '/metrics'];

/**
 * One small HTTP server for the probes and the scrape:
 * `/healthz` (the process and its event loop are alive), `/readyz` (every registered readiness
 * check passes, else 503 with the reasons) and `/metrics` (Prometheus text format); plus the
 * read-only routes an app adds with {@link HealthServer.route} (GET and HEAD only).
 */
export class HealthServer {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly routes: { pattern: string; match: RegExp; handler: RouteHandler }[] = [];
  private readonly server: Server;
  private readonly logger: Logger;
  private readonly checkTimeoutMs: number;

  private constructor(private readonly options: HealthServerOptions) {
    this.logger = options.logger ?? noopLogger;
    this.checkTimeoutMs = options.checkTimeoutMs ?? 2000;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.logger.error('health server request failed', { error, url: req.url });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    // Probes must never keep a draining process alive.
    this.server.keepAliveTimeout = 1000;
  }

  static async start(options: HealthServerOptions): Promise<HealthServer> {
    const health = new HealthServer(options);
    await new Promise<void>((resolve, reject) => {
      health.server.once('error', reject);
      health.server.listen(options.port, options.host, () => {
        health.server.off('error', reject);
        resolve();
      });
    });
    return health;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host}:${this.port}`;
  }

  /** Adds or replaces a named readiness check. */
  setReadinessCheck(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  removeReadinessCheck(name: string): void {
    this.checks.delete(name);
  }

  /**
   * Adds a read-only route (GET and HEAD). `pattern` is a path whose `:name` parts match one
   * segment or the part of it before a literal suffix, e.g. `/status/models/:project/:model.json`.
   * The first added pattern that matches wins; `/healthz`, `/readyz` and `/metrics` cannot be replaced.
   */
  route(pattern: string, handler: RouteHandler): void {
    if (!pattern.startsWith('/')) throw new TypeError(`route "${pattern}": a pattern starts with "/"`);
    if (BUILT_IN_ROUTES.includes(pattern))
      throw new TypeError(`route "${pattern}": the probes and /metrics cannot be replaced`);
    this.routes.push({ pattern, match: patternToRegExp(pattern), handler });
  }

  async runReadinessChecks(): Promise<CheckResult[]> {
    return Promise.all([...this.checks].map(([name, check]) => this.runCheck(name, check)));
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async runCheck(name: string, check: ReadinessCheck): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`check timed out after ${this.checkTimeoutMs} ms`),
        this.checkTimeoutMs,
      );
    });
    try {
      const outcome = await Promise.race([Promise.resolve().then(check), timeout]);
      return typeof outcome === 'string' ? { name, ok: false, reason: outcome } : { name, ok: true };
    } catch (error) {
      return { name, ok: false, reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const search = queryAt < 0 ? '' : url.slice(queryAt + 1);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, { error: `method ${req.method} not allowed` }, { allow: 'GET, HEAD' });
    }
    switch (path) {
      case '/healthz':
        return send(res, 200, { status: 'ok' });
      case '/readyz': {
        const checks = await this.runReadinessChecks();
        const ready = checks.every((c) => c.ok);
        return send(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
      }
      case '/metrics': {
        if (!this.options.registry) return send(res, 404, { error: 'metrics are not enabled' });
        const body = await this.options.registry.metrics();
        res.writeHead(200, { 'content-type': this.options.registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      default:
        return this.handleAdded(req, res, path, search);
    }
  }

  private async handleAdded(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    search: string,
  ): Promise<void> {
    for (const route of this.routes) {
      const found = route.match.exec(path);
      if (!found) continue;
      let params: Record<string, string>;
      try {
        params = Object.fromEntries(
          Object.entries(found.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
        );
      } catch {
        return send(res, 400, { error: `malformed percent-encoding in ${path}` });
      }
      const answer = await route.handler({ path, query: new URLSearchParams(search), params });
      res.writeHead(answer.status, { ...answer.headers, 'content-type': answer.contentType });
      res.end(req.method === 'HEAD' ? undefined : answer.body);
      return;
    }
    return send(res, 404, {
      error: `no route ${path}`,
      routes: [...BUILT_IN_ROUTES, ...this.routes.map((r) => r.pattern)],
    });
  }
}

/** `/a/:b/:c.json` → `^/a/(?<b>[^/]+?)/(?<c>[^/]+?)\.json$`. */
function patternToRegExp(pattern: string): RegExp {
  const source = pattern
    .split(/(:[A-Za-z_][A-Za-z0-9_]*)/)
    .map((part) =>
      part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+?)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
