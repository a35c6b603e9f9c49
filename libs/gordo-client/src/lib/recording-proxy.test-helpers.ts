import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

/** One request that passed through the proxy. */
export interface Recorded {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Status the client got (the target's or the fault's). */
  status: number;
}

/** A canned answer instead of forwarding; return undefined to forward. */
export type Fault = (req: Recorded) => { status: number; contentType: string; body: string } | undefined;

/**
 * A loopback proxy in front of a Gordo (the real server or the emulator) that records every
 * request and can answer some of them itself, so tests see attempt counts and faults the same
 * way against any target.
 */
export class RecordingProxy {
  readonly requests: Recorded[] = [];
  fault: Fault | undefined;
  /** The most requests the proxy was handling at once since the last reset. */
  peakInFlight = 0;
  private inFlight = 0;
  private readonly agent = new Agent();
  private readonly server: Server;
  private base = '';

  private constructor(private readonly target: string) {
    this.server = createServer((req, res) => {
      this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight);
      res.once('close', () => this.inFlight--);
      void this.handle(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, headers);
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(599, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  }

  /** The proxy's own base URL. */
  get url(): string {
    return this.base;
  }

  static async start(target: string): Promise<RecordingProxy> {
    const proxy = new RecordingProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.base = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** Requests matching a method and a path suffix. */
  count(method: string, pathSuffix: string): number {
    return this.requests.filter((r) => r.method === method && r.path.endsWith(pathSuffix)).length;
  }

  reset(): void {
    this.requests.length = 0;
    this.fault = undefined;
    this.peakInFlight = this.inFlight;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
    this.server.closeAllConnections();
    await this.agent.close();
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const recorded: Recorded = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      status: 0,
    };
    this.requests.push(recorded);
    const canned = this.fault?.(recorded);
    if (canned) {
      recorded.status = canned.status;
      return {
        status: canned.status,
        headers: { 'content-type': canned.contentType },
        body: Buffer.from(canned.body),
      };
    }
    const headers = { ...req.headers };
    delete headers['host'];
    delete headers['connection'];
    const upstream = await request(`${this.target}${req.url ?? '/'}`, {
      method: recorded.method as 'GET',
      headers: headers as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : null,
      dispatcher: this.agent,
    });
    const body = Buffer.from(await upstream.body.arrayBuffer());
    recorded.status = upstream.statusCode;
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value !== undefined && !['connection', 'keep-alive', 'transfer-encoding'].includes(name))
        out[name] = value;
    }
    return { status: upstream.statusCode, headers: out, body };
  }
}
