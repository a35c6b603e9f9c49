import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The models a {@link GordoStub} serves: name → input tags (targets = inputs, 10T, offset 0). */
export type StubModels = Record<string, string[]>;

/**
 * A few lines of Gordo for unit tests of the wiring (the real server runs in the integration
 * suites): revisions, metadata, and a JSON anomaly prediction whose `model-output` is twice each
 * input and `total-anomaly-scaled` their sum. Counts requests per route.
 */
export class GordoStub {
  readonly requests = new Map<string, number>();
  private readonly server: Server;
  private port = 0;

  /** Models whose answers name other tags (`tag-1` → `other-1`), as a wrong proxy route would. */
  readonly answerOtherTags = new Set<string>();

  constructor(private readonly models: StubModels) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/gordo/v0/`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const [, , , , model, ...rest] = url.pathname.split('/'); // /gordo/v0/<project>/<model>/…
    const route = `${req.method} ${rest.length ? `/<model>/${rest.join('/')}` : `/${model}`}`;
    this.requests.set(route, (this.requests.get(route) ?? 0) + 1);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (route === 'GET /revisions')
      return json(200, { latest: '1', 'available-revisions': ['1'], revision: '1' });
    const tags = this.models[model ?? ''];
    if (!tags) {
      res.writeHead(404, { 'content-type': 'text/html' });
      return void res.end('<h1>Not Found</h1>');
    }
    if (route === 'GET /<model>/metadata') {
      return json(200, {
        metadata: {
          name: model,
          project_name: 'latigo-test',
          dataset: {
            tag_list: tags,
            target_tag_list: tags,
            resolution: '10T',
            train_start_date: '2020-01-01T00:00:00+00:00',
            train_end_date: '2020-01-03T00:00:00+00:00',
          },
          model: { 'gordo.machine.model.anomaly.diff.DiffBasedAnomalyDetector': {} },
          metadata: { build_metadata: { model: { model_offset: 0 } } },
        },
        revision: '1',
      });
    }
    if (route === 'POST /<model>/anomaly/prediction') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const { X } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        X: Record<string, Record<string, number>>;
      };
      const rows = Object.keys(X[tags[0] as string] ?? {});
      const twice = Object.fromEntries(
        tags.map((t) => [t, Object.fromEntries(rows.map((r) => [r, 2 * (X[t]?.[r] as number)]))]),
      );
      const total = Object.fromEntries(
        rows.map((r) => [r, tags.reduce((s, t) => s + (X[t]?.[r] as number), 0)]),
      );
      const rename = (columns: Record<string, unknown>) =>
        this.answerOtherTags.has(model ?? '')
          ? Object.fromEntries(Object.entries(columns).map(([t, v]) => [t.replace(/^tag-/, 'other-'), v]))
          : columns;
      return json(200, {
        data: {
          'model-input': rename(X),
          'model-output': rename(twice),
          'total-anomaly-scaled': { 'total-anomaly-scaled': total },
        },
        revision: '1',
      });
    }
    json(404, { message: `no route ${route}` });
  }
}
