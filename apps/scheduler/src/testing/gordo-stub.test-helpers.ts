import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Gordo's two discovery routes for any project, serving `models` at one revision. */
export class GordoStub {
  readonly requests: string[] = [];
  private readonly server: Server;

  constructor(models: readonly string[], revision = '1700000001000') {
    this.server = createServer((req, res) => {
      const path = req.url ?? '';
      this.requests.push(path);
      const body = path.includes('/revisions')
        ? { latest: revision, 'available-revisions': [revision] }
        : { models, revision };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  }

  /** The base URL, e.g. `http://127.0.0.1:1234/gordo/v0/`. */
  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/gordo/v0/`;
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }
}
