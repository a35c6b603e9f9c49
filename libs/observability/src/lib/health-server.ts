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

/**
 * One small HTTP server for the probes and the scrape:
 * `/healthz` (the process and its event loop are alive), `/readyz` (every registered readiness
 * check passes, else 503 with the reasons) and `/metrics` (Prometheus text format).
 */
export class HealthServer {
  private readonly checks = new Map<string, ReadinessCheck>();
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
      timer = setTimeout(() => resolve(`check timed out after ${this.checkTimeoutMs} ms`), this.checkTimeoutMs);
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
    const path = (req.url ?? '/').split('?')[0];
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
        return send(res, 404, { error: `no route ${path}`, routes: ['/healthz', '/readyz', '/metrics'] });
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
