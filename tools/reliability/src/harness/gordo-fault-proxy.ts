import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGN_IN_PAGE } from '@latigo/emulators';

/** What the proxy does to a model's prediction responses (other routes pass through untouched). */
export type GordoFault =
  | 'html-200'
  | 'nan-infinity'
  | 'wrong-columns'
  | 'empty-frame'
  | 'revision-gone-410'
  | 'unprocessable-422'
  | 'truncated'
  | 'wrong-content-type';

export const GORDO_FAULTS: readonly GordoFault[] = [
  'html-200',
  'nan-infinity',
  'wrong-columns',
  'empty-frame',
  'revision-gone-410',
  'unprocessable-422',
  'truncated',
  'wrong-content-type',
];

/**
 * A proxy in front of the real Gordo server. Model names are aliases: `<real>~<anything>` is
 * served as the real model `<real>`, so many distinct models (Kafka keys, hence parallelism)
 * and one fault per alias are possible over the peer's four real models. A fault set for an
 * alias replaces or mangles that alias's prediction responses only.
 */
export class GordoFaultProxy {
  private readonly faults = new Map<string, GordoFault>();
  private readonly server: Server;
  /** Prediction responses the proxy altered, per fault. */
  readonly injected = new Map<GordoFault, number>();

  constructor(private readonly upstream: string) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  setFault(alias: string, fault: GordoFault): void {
    this.faults.set(alias, fault);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = req.url ?? '/';
    // /gordo/v0/<project>/<model>/…: the alias's real model name goes upstream.
    const match = /^(\/gordo\/v0\/[^/]+\/)([^/?]+)(.*)$/.exec(url);
    const alias = match ? decodeURIComponent(match[2] as string) : undefined;
    const real = alias?.includes('~') ? alias.slice(0, alias.indexOf('~')) : alias;
    const path = match && real !== undefined ? `${match[1]}${encodeURIComponent(real)}${match[3]}` : url;
    const fault = alias === undefined ? undefined : this.faults.get(alias);
    const isPrediction = /\/(anomaly\/)?prediction(\?|$)/.test(path);
    if (fault && isPrediction) {
      this.injected.set(fault, (this.injected.get(fault) ?? 0) + 1);
      const canned = cannedAnswer(fault);
      if (canned) {
        res.writeHead(canned.status, { 'content-type': canned.contentType });
        res.end(canned.body);
        return;
      }
    }
    try {
      const headers = { ...req.headers };
      delete headers.host;
      const upstream = await fetch(`${this.upstream}${path}`, {
        method: req.method ?? 'GET',
        headers: headers as Record<string, string>,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      let body: Buffer = Buffer.from(await upstream.arrayBuffer());
      let contentType = upstream.headers.get('content-type') ?? 'application/octet-stream';
      if (fault && isPrediction && upstream.ok) {
        ({ body, contentType } = mangle(fault, body, contentType));
        if (fault === 'truncated') {
          // The full length announced, half of it sent, then the connection closes.
          res.writeHead(upstream.status, {
            'content-type': contentType,
            'content-length': String(body.length),
          });
          res.write(body.subarray(0, Math.floor(body.length / 2)));
          res.socket?.destroy();
          return;
        }
      }
      res.writeHead(upstream.status, { 'content-type': contentType });
      res.end(body);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`gordo fault proxy: upstream failed: ${(error as Error).message}`);
    }
  }
}

function cannedAnswer(fault: GordoFault): { status: number; contentType: string; body: string } | undefined {
  switch (fault) {
    case 'html-200':
      return { status: 200, contentType: 'text/html; charset=utf-8', body: SIGN_IN_PAGE };
    case 'revision-gone-410':
      return {
        status: 410,
        contentType: 'application/json',
        body: '{"error": "Revision 1700000001000 not found."}',
      };
    case 'unprocessable-422':
      return { status: 422, contentType: 'application/json', body: '{"message": "Unprocessable input"}' };
    case 'empty-frame':
      return { status: 200, contentType: 'application/json', body: '{"data": {}, "time-seconds": "0.01"}' };
    default:
      return undefined;
  }
}

/** Mangles a real JSON prediction response (the executors of these scenarios ask for JSON). */
function mangle(fault: GordoFault, body: Buffer, contentType: string): { body: Buffer; contentType: string } {
  const text = body.toString('utf8');
  switch (fault) {
    case 'nan-infinity': {
      // Bare NaN and ±Infinity, as Python's json module writes them, in place of every value.
      let n = 0;
      const values = ['NaN', 'Infinity', '-Infinity'];
      return {
        body: Buffer.from(text.replace(/(": )-?\d[\d.eE+-]*/g, (_m, p: string) => p + values[n++ % 3])),
        contentType,
      };
    }
    case 'wrong-columns':
      return { body: Buffer.from(text.replace(/"tag-(\d+)"/g, '"unknown-$1"')), contentType };
    case 'wrong-content-type':
      return { body, contentType: 'text/plain; charset=utf-8' };
    default:
      return { body, contentType };
  }
}
