import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of the real Gordo server that answers 500 for the projects in
 * `failing` (the real server answers 200 for any project name).
 */
export class GordoProxy {
  private readonly server: Server;
  readonly failed: string[] = [];

  constructor(
    private readonly upstream: string,
    private readonly failing: ReadonlySet<string>,
  ) {
    this.server = createServer((req, res) => {
      const project = /^\/gordo\/v0\/([^/?]+)/.exec(req.url ?? '')?.[1];
      if (project && this.failing.has(decodeURIComponent(project))) {
        this.failed.push(req.url ?? '');
        res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>');
        return;
      }
      const target = new URL(req.url ?? '/', this.upstream);
      const forward = request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      req.pipe(forward);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }
}
