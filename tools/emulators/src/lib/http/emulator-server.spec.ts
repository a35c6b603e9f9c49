import { Agent, request } from 'undici';
import { EmulatorServer } from './emulator-server';
import { json } from './responses';

describe('EmulatorServer', () => {
  let server: EmulatorServer;
  let dispatcher: Agent;

  beforeEach(async () => {
    server = new EmulatorServer({ name: 'test', faultSeed: 7 });
    server
      .route('GET', '/items/:id', (req) => json(200, { id: req.params['id'], q: req.query.get('q') }))
      .route('POST', '/echo', async (req) => ({
        status: 200,
        headers: { 'content-type': 'application/octet-stream' },
        body: await req.body(),
      }));
    await server.listen();
    dispatcher = new Agent({ keepAliveTimeout: 1000 });
  });
  afterEach(async () => {
    await dispatcher.close();
    await server.close();
  });

  const get = (path: string) => request(`${server.url}${path}`, { dispatcher });
  const controlPost = (path: string, body: unknown) =>
    request(`${server.url}/__emulator${path}`, { method: 'POST', body: JSON.stringify(body), dispatcher });

  it('routes by template and counts requests per route with their statuses, never the control routes', async () => {
    await (await get('/items/a?q=1')).body.json();
    await (await get('/items/b')).body.json();
    await (await get('/nothing')).body.text();
    const counts = (await (await get('/__emulator/requests')).body.json()) as {
      total: number;
      routes: Record<string, unknown>;
    };
    expect(counts).toEqual({
      total: 3,
      routes: {
        'GET /items/:id': { count: 2, statuses: { '200': 2 } },
        'GET (unmatched)': { count: 1, statuses: { '404': 1 } },
      },
    });
  });

  it('injects 5xx and 429 with Retry-After per route, limited by `times`, then answers normally', async () => {
    await (
      await controlPost('/faults', [
        { route: 'GET /items/:id', serverErrorRate: 1, serverErrorStatus: 502, times: 1 },
      ])
    ).body.json();
    await (
      await controlPost('/faults', {
        route: 'GET /items/:id',
        tooManyRequestsRate: 1,
        retryAfterSeconds: 3,
        times: 1,
      })
    ).body.json();
    const first = await get('/items/x');
    await first.body.text();
    const second = await get('/items/x');
    await second.body.text();
    const third = await get('/items/x');
    expect([first.statusCode, second.statusCode, third.statusCode]).toEqual([429, 502, 200]);
    expect(first.headers['retry-after']).toBe('3');
    expect(await third.body.json()).toEqual({ id: 'x', q: null });
  });

  it('resets the connection when asked to, which a client sees as a socket error', async () => {
    server.faults.add({ route: '*', connectionResetRate: 1, times: 1 });
    await expect(get('/items/x')).rejects.toMatchObject({
      code: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET)$/),
    });
    expect(server.requests.snapshot().routes['GET /items/:id']?.statuses).toEqual({ reset: 1 });
  });

  it('answers an HTML sign-in page with 200 in place of JSON', async () => {
    server.faults.add({ route: 'GET *', htmlPageRate: 1 });
    const res = await get('/items/x');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(await res.body.text()).toContain('Sign in to your account');
  });

  it('truncates a body: the client gets fewer bytes than Content-Length promised', async () => {
    server.faults.add({ route: 'POST /echo', truncatedBodyRate: 1 });
    const res = await request(`${server.url}/echo`, {
      method: 'POST',
      body: Buffer.alloc(10_000, 1),
      dispatcher,
    });
    expect(res.headers['content-length']).toBe('10000');
    await expect(res.body.arrayBuffer()).rejects.toThrow();
  });

  it('serves a successful body under another content type, and leaves error answers alone', async () => {
    server.faults.add({ route: 'GET /items/:id', contentType: 'text/plain' });
    const res = await get('/items/x');
    expect(res.headers['content-type']).toBe('text/plain');
    expect(await res.body.json()).toEqual({ id: 'x', q: null });
    server.faults.add({ route: 'GET /items/:id', contentType: 'text/plain', serverErrorRate: 1 });
    const failed = await get('/items/x');
    await failed.body.text();
    expect([failed.statusCode, failed.headers['content-type']]).toEqual([503, 'application/json']);
  });

  it('delays and streams slowly without changing the body', async () => {
    server.faults.add({ route: 'POST /echo', latencyMs: { min: 5, max: 10 }, slowBodyMs: 30 });
    const payload = Buffer.from('x'.repeat(1000));
    const res = await request(`${server.url}/echo`, { method: 'POST', body: payload, dispatcher });
    expect(Buffer.from(await res.body.arrayBuffer())).toEqual(payload);
  });

  it('rejects an invalid fault rule with a message naming the field', async () => {
    const res = await controlPost('/faults', { route: '*', serverErrorRate: 2 });
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toEqual({
      message: 'fault rule for "*": serverErrorRate must be a number in [0, 1], got 2',
    });
  });

  it('clears faults and counts over the control routes', async () => {
    server.faults.add({ route: '*', serverErrorRate: 1 });
    await (await request(`${server.url}/__emulator/faults`, { method: 'DELETE', dispatcher })).body.text();
    const ok = await get('/items/x');
    await ok.body.text();
    expect(ok.statusCode).toBe(200);
    await (await request(`${server.url}/__emulator/requests`, { method: 'DELETE', dispatcher })).body.text();
    expect(server.requests.count()).toBe(0);
  });
});
