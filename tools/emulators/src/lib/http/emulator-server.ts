import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { FaultInjector, type FaultRule } from './faults';
import { RequestCounter } from './request-counter';
import { html, json, SIGN_IN_PAGE, type EmulatorResponse } from './responses';

/** One request as a handler sees it. */
export interface EmulatorRequest {
  method: string;
  /** `METHOD /template`, the key of request counts and fault rules. */
  routeKey: string;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The whole body (read once, cached), at most `maxBodyBytes`. */
  body(): Promise<Buffer>;
}

export type RouteHandler = (request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

/** Runs before every handler (after faults); answering a response refuses the request, e.g. 401. */
export type RequestGuard = (
  request: EmulatorRequest,
) => EmulatorResponse | undefined | Promise<EmulatorResponse | undefined>;

export interface EmulatorServerOptions {
  /** Shown in logs and in `GET /__emulator/health`. */
  name: string;
  /** Seed of the fault injector's random draws. */
  faultSeed?: number;
  tls?: { key: string; cert: string };
  guard?: RequestGuard;
  /** The body for unknown routes and unexpected handler errors, in the emulated API's own style. */
  notFound?: (request: { method: string; path: string }) => EmulatorResponse;
  internalError?: (error: unknown) => EmulatorResponse;
  maxBodyBytes?: number;
}

const CONTROL_PREFIX = '/__emulator';

/**
 * An HTTP(S) server for an emulated API: routes with templates, a request counter per route,
 * fault injection per route (changeable at run time), an optional guard (auth), and control
 * routes under `/__emulator` (`requests`, `faults`, `health`) that are never counted or faulted.
 */
export class EmulatorServer {
  readonly faults: FaultInjector;
  readonly requests = new RequestCounter();
  private readonly router = FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true });
  private readonly server: Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  private baseUrl: string | undefined;

  constructor(private readonly options: EmulatorServerOptions) {
    this.faults = new FaultInjector(options.faultSeed ?? 1);
    const listener = (req: IncomingMessage, res: ServerResponse) => void this.dispatch(req, res);
    this.server = options.tls
      ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener)
      : createHttpServer(listener);
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('secureConnection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Registers a route; `template` uses `:name` parameters (find-my-way syntax). */
  route(method: HTTPMethod, template: string, handler: RouteHandler): this {
    const routeKey = `${method} ${template}`;
    this.router.on(
      method,
      template,
      (req, res, params) => void this.serve(routeKey, handler, req, res, params as Record<string, string>),
    );
    return this;
  }

  /** Starts listening (loopback by default; port 0 = a free port) and returns the base URL. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.installControlRoutes();
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.baseUrl = `${this.options.tls ? 'https' : 'http'}://${host}:${address.port}`;
    return this.baseUrl;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error(`${this.options.name} emulator is not listening`);
    return this.baseUrl;
  }

  /** Stops accepting, closes keep-alive connections and waits until the port is free. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private installControlRoutes(): void {
    if (this.router.find('GET', `${CONTROL_PREFIX}/health`)) return;
    const control = (method: HTTPMethod, path: string, handler: RouteHandler) =>
      this.router.on(
        method,
        `${CONTROL_PREFIX}${path}`,
        (req, res) => void this.serveControl(handler, req, res),
      );
    control('GET', '/health', () => json(200, { name: this.options.name, status: 'ok' }));
    control('GET', '/requests', () => json(200, this.requests.snapshot()));
    control('DELETE', '/requests', () => {
      this.requests.reset();
      return { status: 204 };
    });
    control('GET', '/faults', () => json(200, { rules: this.faults.list() }));
    control('DELETE', '/faults', () => {
      this.faults.clear();
      return { status: 204 };
    });
    control('POST', '/faults', async (request) => {
      try {
        const parsed: unknown = JSON.parse((await request.body()).toString('utf8'));
        const rules = (Array.isArray(parsed) ? parsed : [parsed]) as FaultRule[];
        rules.forEach((rule) => this.faults.add(rule));
        return json(201, { rules: this.faults.list() });
      } catch (error) {
        return json(400, { message: (error as Error).message });
      }
    });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (this.router.find(req.method as HTTPMethod, path)) {
      this.router.lookup(req, res);
      return;
    }
    const method = req.method ?? 'GET';
    const isControl = path.startsWith(CONTROL_PREFIX);
    const answer = isControl
      ? json(404, { message: `no control route ${method} ${path}` })
      : (this.options.notFound?.({ method, path }) ??
        json(404, { statusCode: 404, message: `Resource not found: ${method} ${path}` }));
    if (!isControl) this.requests.record(`${method} (unmatched)`, answer.status);
    await drain(req);
    await this.write(res, answer, false, 0);
  }

  private async serveControl(
    handler: RouteHandler,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const request = this.toRequest(req, `control`, {});
    await this.write(res, await handler(request), false, 0);
  }

  private async serve(
    routeKey: string,
    handler: RouteHandler,
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<string, string>,
  ): Promise<void> {
    const request = this.toRequest(req, routeKey, params);
    const faults = this.faults.decide(routeKey);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const decision = faults.decision;
    if (decision.kind === 'reset') {
      this.requests.record(routeKey, 'reset');
      req.socket.resetAndDestroy();
      return;
    }
    let answer: EmulatorResponse;
    try {
      if (decision.kind === 'too-many-requests') {
        answer = json(
          429,
          { statusCode: 429, message: 'Rate limit is exceeded. Try again later.' },
          { 'retry-after': String(decision.retryAfterSeconds) },
        );
      } else if (decision.kind === 'server-error') {
        answer = json(decision.status, {
          statusCode: decision.status,
          message: 'Injected fault: the service is temporarily unavailable.',
        });
      } else if (decision.kind === 'html-page') {
        answer = html(200, SIGN_IN_PAGE);
      } else {
        answer = (await this.options.guard?.(request)) ?? (await handler(request));
      }
    } catch (error) {
      answer =
        this.options.internalError?.(error) ??
        json(500, { statusCode: 500, message: `emulator error: ${(error as Error).message}` });
    }
    if (faults.contentType !== undefined && answer.status < 300)
      answer = { ...answer, headers: { ...answer.headers, 'content-type': faults.contentType } };
    this.requests.record(routeKey, answer.status);
    await drain(req);
    await this.write(res, answer, faults.truncateBody && answer.status < 300, faults.slowBodyMs);
  }

  private toRequest(req: IncomingMessage, routeKey: string, params: Record<string, string>): EmulatorRequest {
    const url = new URL(req.url ?? '/', 'http://emulator');
    let body: Promise<Buffer> | undefined;
    const limit = this.options.maxBodyBytes ?? 256 * 1024 * 1024;
    return {
      method: req.method ?? 'GET',
      routeKey,
      url,
      params,
      query: url.searchParams,
      headers: req.headers,
      body: () => (body ??= readBody(req, limit)),
    };
  }

  private async write(
    res: ServerResponse,
    answer: EmulatorResponse,
    truncate: boolean,
    slowBodyMs: number,
  ): Promise<void> {
    const body =
      answer.body === undefined
        ? Buffer.alloc(0)
        : Buffer.isBuffer(answer.body)
          ? answer.body
          : Buffer.from(answer.body, 'utf8');
    res.writeHead(answer.status, { ...answer.headers, 'content-length': body.length });
    if (truncate) {
      // The promised length is never delivered: the client sees a premature end of the body.
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      await sleep(10);
      res.socket?.destroy();
      return;
    }
    if (slowBodyMs > 0 && body.length > 0) {
      const chunks = 10;
      const size = Math.ceil(body.length / chunks);
      for (let i = 0; i < body.length; i += size) {
        res.write(body.subarray(i, i + size));
        await sleep(slowBodyMs / chunks);
      }
      res.end();
      return;
    }
    res.end(body);
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Consumes an unread body so the connection can be reused. */
async function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return;
  try {
    for await (const _ of req) {
      /* discard */
    }
  } catch {
    /* the client went away */
  }
}
