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
});
