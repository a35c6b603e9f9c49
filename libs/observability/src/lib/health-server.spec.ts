import { Counter } from 'prom-client';
import { HealthServer } from './health-server';
import { createMetricsRegistry } from './metrics';

describe('HealthServer', () => {
  let server: HealthServer;
  const registry = createMetricsRegistry({ defaultLabels: { app: 'test' } });
  new Counter({ name: 'latigo_test_total', help: 'a test counter', registers: [registry] }).inc(3);

  beforeAll(async () => {
    server = await HealthServer.start({ host: '127.0.0.1', port: 0, registry, checkTimeoutMs: 100 });
  });
  afterAll(() => server.close());

  it('answers /healthz with 200 while the process runs', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 503 and the reasons until every check passes', async () => {
    let brokerUp = false;
    server.setReadinessCheck('config', () => undefined);
    server.setReadinessCheck('broker', () => (brokerUp ? undefined : 'broker not connected'));
    server.setReadinessCheck('redis', async () => {
      throw new Error('ECONNREFUSED 127.0.0.1:6379');
    });
    server.setReadinessCheck('slow', () => new Promise<void>(() => undefined));

    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      status: 'not ready',
      checks: [
        { name: 'config', ok: true },
        { name: 'broker', ok: false, reason: 'broker not connected' },
        { name: 'redis', ok: false, reason: 'ECONNREFUSED 127.0.0.1:6379' },
        { name: 'slow', ok: false, reason: 'check timed out after 100 ms' },
      ],
    });

    brokerUp = true;
    server.removeReadinessCheck('redis');
    server.removeReadinessCheck('slow');
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe('ready');
  });

  it('serves the registry on /metrics in the Prometheus text format', async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('latigo_test_total{app="test"} 3');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('rejects unknown routes and methods', async () => {
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    const post = await fetch(`${server.url}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  describe('added read-only routes', () => {
    const seen: unknown[] = [];
    beforeAll(() => {
      server.route('/status', () => ({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: '<p>ok</p>',
      }));
      server.route('/status/models/:project/:model.json', (request) => {
        seen.push({ params: request.params, slots: request.query.get('slots') });
        return { status: 200, contentType: 'application/json', body: JSON.stringify(request.params) };
      });
      server.route('/boom', () => {
        throw new Error('handler bug');
      });
    });

    it('answers with what the handler returns', async () => {
      const res = await fetch(`${server.url}/status`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toBe('<p>ok</p>');
    });

    it('hands over decoded :params (up to a literal suffix) and the query', async () => {
      const res = await fetch(`${server.url}/status/models/my%20project/unit-01.json?slots=3`);
      expect(await res.json()).toEqual({ project: 'my project', model: 'unit-01' });
      expect(seen).toEqual([{ params: { project: 'my project', model: 'unit-01' }, slots: '3' }]);
    });

    it('matches whole paths only, and lists the added routes on a 404', async () => {
      for (const path of ['/status/', '/status/models/p/m', '/status/models/p/x/m.json', '/statusx']) {
        expect({ path, status: (await fetch(`${server.url}${path}`)).status }).toEqual({ path, status: 404 });
      }
      const body = (await (await fetch(`${server.url}/nope`)).json()) as { routes: string[] };
      expect(body.routes).toEqual([
        '/healthz',
        '/readyz',
        '/metrics',
        '/status',
        '/status/models/:project/:model.json',
        '/boom',
      ]);
    });

    it('answers HEAD without a body and refuses other methods', async () => {
      const head = await fetch(`${server.url}/status`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      expect((await fetch(`${server.url}/status`, { method: 'POST' })).status).toBe(405);
    });

    it('answers 400 for broken percent-encoding and 500 when a handler throws', async () => {
      expect((await fetch(`${server.url}/status/models/p/%E0%A4%A.json`)).status).toBe(400);
      expect((await fetch(`${server.url}/boom`)).status).toBe(500);
    });

    it('keeps the probes and /metrics: they cannot be replaced', async () => {
      expect(() =>
        server.route('/healthz', () => ({ status: 500, contentType: 'text/plain', body: '' })),
      ).toThrow(/cannot be replaced/);
      expect(() =>
        server.route('status', () => ({ status: 200, contentType: 'text/plain', body: '' })),
      ).toThrow(/starts with/);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
  });
});
