import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** An Application Insights envelope, as the exporter posts it. */
export interface Envelope {
  name: string;
  iKey?: string;
  tags?: Record<string, string>;
  data?: { baseType?: string; baseData?: Record<string, unknown> & { properties?: Record<string, string> } };
}

/**
 * Stands in for the Application Insights ingestion endpoint (breeze): takes `POST /v2.1/track`
 * (gzip or plain; a JSON array or one envelope per line), keeps the envelopes and the raw bodies,
 * and answers as the real endpoint does. Over https: the exporter turns an http:// ingestion
 * endpoint into https://, so the client must trust `tls`'s CA.
 */
export class AppInsightsCapture {
  readonly envelopes: Envelope[] = [];
  /** Every body as received (decompressed), to search for what must never be sent. */
  readonly bodies: string[] = [];
  private readonly server: Server;

  constructor(tls: { key: string; cert: string }) {
    this.server = createServer(tls, (req, res) => this.handle(req, res));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v2.1/track')) {
        res.writeHead(404).end();
        return;
      }
      let raw = Buffer.concat(chunks);
      if (/gzip/i.test(req.headers['content-encoding'] ?? '')) raw = gunzipSync(raw);
      const text = raw.toString('utf8');
      this.bodies.push(text);
      const trimmed = text.trim();
      const items = trimmed.startsWith('[')
        ? (JSON.parse(trimmed) as Envelope[])
        : trimmed
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Envelope);
      this.envelopes.push(...items);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  }

  /** Listens on a free loopback port; resolves with the base URL (the connection string's IngestionEndpoint). */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Envelopes of one type, e.g. `MessageData`, `RequestData`, `RemoteDependencyData`. */
  ofType(baseType: string): Envelope[] {
    return this.envelopes.filter((e) => e.data?.baseType === baseType);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
