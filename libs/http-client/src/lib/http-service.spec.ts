import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { type HttpCall, HttpService, type RequestAuthenticator } from './http-service';
import { noopLogger } from '@latigo/observability';
import { UpstreamError } from './errors';

type Script = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/** A loopback server answering each request with the next step of a script (the last repeats). */
async function scriptedServer(
  steps: Script[],
): Promise<{ url: string; requests: IncomingMessage[]; server: Server }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    req.resume();
    req.on('end', () =>
      (steps[Math.min(requests.length, steps.length) - 1] as Script)(req, res, requests.length),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`, requests, server };
}

const status =
  (code: number, body = '', headers: Record<string, string> = {}): Script =>
  (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

describe('HttpService', () => {
  let dispatcher: Agent;
  let server: Server | undefined;
  beforeEach(() => (dispatcher = new Agent()));
  afterEach(async () => {
    await dispatcher.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server?.closeAllConnections();
  });

  const service = (url: string, extra: Partial<ConstructorParameters<typeof HttpService>[0]> = {}) =>
    new HttpService({
      service: 'demo',
      baseUrl: url,
      dispatcher,
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      ...extra,
    });

  it('retries a 503 on a GET and returns the first 2xx, with the query built from repeated keys', async () => {
    const s = await scriptedServer([status(503), status(200, '{"ok":true}')]);
    server = s.server;
    const body = await service(s.url).json<{ ok: boolean }>({
      method: 'GET',
      path: '/items',
      query: { status: [192, 64], limit: 10 },
    });
    expect(body).toEqual({ ok: true });
    expect(s.requests.map((r) => r.url)).toEqual([
      '/api/v1/items?status=192&status=64&limit=10',
      '/api/v1/items?status=192&status=64&limit=10',
    ]);
  });

  it('gives up after maxAttempts with an error naming service, method, path, status and body excerpt', async () => {
    const s = await scriptedServer([status(502, '{"message":"bad gateway"}')]);
    server = s.server;
    const error = await service(s.url)
      .call({ method: 'GET', path: '/items', query: { name: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      code: 'UPSTREAM_STATUS',
      message: 'demo: GET /api/v1/items answered 502 after 3 attempts: {"message":"bad gateway"}',
      context: { status: 502, attempts: 3, retryable: true },
    });
    expect(s.requests).toHaveLength(3);
  });

  it.each([400, 404, 410, 422])('does not retry a %i', async (code) => {
    const s = await scriptedServer([status(code, '{"error":"no"}')]);
    server = s.server;
    await expect(service(s.url).call({ method: 'GET', path: '/x' })).rejects.toMatchObject({
      context: { status: code, attempts: 1, retryable: false },
    });
    expect(s.requests).toHaveLength(1);
  });

  it('retries a POST only when it is declared idempotent', async () => {
    const s = await scriptedServer([status(503), status(503), status(200, '{}')]);
    server = s.server;
    await expect(service(s.url).call({ method: 'POST', path: '/write', body: '{}' })).rejects.toMatchObject({
      context: { attempts: 1 },
    });
    await expect(
      service(s.url).call({ method: 'POST', path: '/write', body: '{}', idempotent: true }),
    ).resolves.toMatchObject({ status: 200 });
    expect(s.requests).toHaveLength(3);
  });

  it('honours Retry-After on a 429', async () => {
    const s = await scriptedServer([status(429, '', { 'retry-after': '1' }), status(200, '{}')]);
    server = s.server;
    const delays: number[] = [];
    const svc = service(s.url, {
      logger: {
        ...noopLogger,
        warn: (_m, meta) => delays.push(Number(meta?.['delayMs'])),
        child() {
          return this;
        },
      },
    });
    await svc.call({ method: 'GET', path: '/x' });
    expect(delays).toEqual([1000]);
  });

  it('times out an attempt that gets no answer, and retries it', async () => {
    const s = await scriptedServer([() => undefined]);
    server = s.server;
    const error = await service(s.url, { timeoutMs: 50, retry: { maxAttempts: 2, baseDelayMs: 1 } })
      .call({ method: 'GET', path: '/slow' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      message: 'demo: GET /api/v1/slow timed out after 50 ms after 2 attempts',
    });
    expect(s.requests).toHaveLength(2);
  });

  it('retries after a connection reset', async () => {
    const s = await scriptedServer([(req) => req.socket.resetAndDestroy(), status(200, '{}')]);
    server = s.server;
    await expect(service(s.url).call({ method: 'GET', path: '/x' })).resolves.toMatchObject({ status: 200 });
    expect(s.requests).toHaveLength(2);
  });

  it('refreshes credentials once on 401 and repeats the call with the new ones', async () => {
    const s = await scriptedServer([status(401, '{"statusCode":401}'), status(200, '{}')]);
    server = s.server;
    let token = 'old';
    const authenticator: RequestAuthenticator = {
      headers: async () => ({ authorization: `Bearer ${token}` }),
      refresh: async () => void (token = 'new'),
    };
    await service(s.url, { authenticator }).call({ method: 'GET', path: '/x' });
    expect(s.requests.map((r) => r.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('fails on a second 401 without looping', async () => {
    const s = await scriptedServer([status(401, '{"statusCode":401,"message":"Unauthorized"}')]);
    server = s.server;
    const refresh = jest.fn(async () => undefined);
    await expect(
      service(s.url, { authenticator: { headers: async () => ({}), refresh } }).call({
        method: 'GET',
        path: '/x',
      }),
    ).rejects.toMatchObject({ context: { status: 401 } });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(s.requests).toHaveLength(2);
  });

  it('rejects an HTML 200 where JSON was expected, showing the start of the page', async () => {
    const s = await scriptedServer([
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><title>Sign in</title></html>');
      },
    ]);
    server = s.server;
    await expect(service(s.url).json({ method: 'GET', path: '/x' })).rejects.toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      message:
        'demo: GET /api/v1/x answered 200 with text/html instead of JSON (a sign-in page from a proxy?): <html><title>Sign in</title></html>',
    });
  });

  it('sends every call to what url() resolves, the query serialized alike, also when a path comes again', async () => {
    const s = await scriptedServer([status(200, '{}')]);
    server = s.server;
    const svc = service(s.url);
    const calls: Array<Pick<HttpCall, 'path' | 'query'>> = [
      { path: '/items', query: { status: [192, 64], limit: 10, skip: undefined } },
      { path: '/items', query: { continuationToken: undefined } },
      { path: '/items', query: { name: 'a b&c=d/é+', flag: false, empty: '', none: [] } },
      { path: '' },
      { path: 'relative/x%2Fy' },
      { path: '/a b/../c' },
      { path: '/q?x=1 2', query: { y: '3' } },
      { path: '/q?x=1 2' },
      { path: '/q?', query: { continuationToken: undefined } },
    ];
    for (const call of [...calls, ...calls]) await svc.call({ method: 'GET', ...call });
    expect(s.requests.map((r) => r.url)).toEqual(
      [...calls, ...calls].map(({ path, query }) => {
        const url = svc.url(path, query);
        return url.pathname + url.search;
      }),
    );
    expect(s.requests[0]?.url).toBe('/api/v1/items?status=192&status=64&limit=10');
    expect(s.requests[6]?.url).toBe('/api/v1/q?x=1+2&y=3');
  });

  it("stops at the caller's abort, with its reason, and does not retry", async () => {
    const s = await scriptedServer([() => undefined]);
    server = s.server;
    const reason = new Error('task deadline');
    const error = await service(s.url)
      .call({ method: 'GET', path: '/slow', signal: AbortSignal.timeout(30) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UPSTREAM_CONNECTION', context: { attempts: 1 } });
    const aborted = new AbortController();
    aborted.abort(reason);
    await expect(
      service(s.url).call({ method: 'GET', path: '/x', signal: aborted.signal }),
    ).rejects.toMatchObject({ code: 'UPSTREAM_CONNECTION', cause: reason });
    expect(s.requests).toHaveLength(1);
  });

  it('rejects a 200 with malformed JSON, naming the call and showing the body', async () => {
    const s = await scriptedServer([status(200, '{"items": [1, 2')]);
    server = s.server;
    await expect(service(s.url).json({ method: 'GET', path: '/x', query: { a: 1 } })).rejects.toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      message: 'demo: GET /api/v1/x answered 200 with malformed JSON: {"items": [1, 2',
      context: { path: '/api/v1/x', status: 200, bodyExcerpt: '{"items": [1, 2' },
    });
  });

  it('times out, or stops at the abort, while the body is still coming', async () => {
    const s = await scriptedServer([
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"items": [');
      },
    ]);
    server = s.server;
    await expect(
      service(s.url, { timeoutMs: 50, retry: { maxAttempts: 1 } }).json({ method: 'GET', path: '/slow' }),
    ).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      message: 'demo: GET /api/v1/slow timed out after 50 ms',
      cause: { name: 'TimeoutError' },
    });
    const reason = new Error('task deadline');
    const aborted = new AbortController();
    setTimeout(() => aborted.abort(reason), 50);
    await expect(
      service(s.url).json({ method: 'GET', path: '/slow', signal: aborted.signal }),
    ).rejects.toMatchObject({
      code: 'UPSTREAM_CONNECTION',
      message: 'demo: GET /api/v1/slow failed: task deadline',
      cause: reason,
    });
  });

  it('answers with the whole body of a response in many chunks, and its headers as undici parses them', async () => {
    const part = 'x'.repeat(64 * 1024);
    const s = await scriptedServer([
      (_req, res) => {
        res.writeHead(200, [
          ['Content-Type', 'Application/JSON; charset=utf-8'],
          ['Set-Cookie', 'a=1'],
          ['Set-Cookie', 'b=2'],
        ]);
        res.write(`{"part": "${part}`);
        setTimeout(() => res.end(`${part}", "é": 1}`), 20);
      },
    ]);
    server = s.server;
    const response = await service(s.url).call({ method: 'GET', path: '/big' });
    expect(response.mediaType).toBe('application/json');
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(JSON.parse(response.body.toString('utf8'))).toEqual({ part: part + part, é: 1 });
  });
});
