import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { Agent, request } from 'undici';
import { ExecutorMetrics } from './executor-metrics';
import { UpstreamCalls } from './upstream-calls';

describe('UpstreamCalls', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('counts the requests of each task separately, while tasks run side by side', async () => {
    const metrics = ExecutorMetrics.for(new Registry());
    const calls = new UpstreamCalls(metrics);
    const agent = new Agent();
    const gordo = agent.compose(calls.interceptor('gordo'));
    const timeseries = agent.compose(calls.interceptor('timeseries'));
    const get = async (dispatcher: typeof gordo) => (await request(url, { dispatcher })).body.text();
    const seen: Record<string, Record<string, number>> = {};
    const task = (name: string, n: number) =>
      calls.track(
        async () => {
          for (let i = 0; i < n; i++) {
            await get(timeseries);
            await new Promise((r) => setImmediate(r)); // interleave with the other task
          }
          await get(gordo);
        },
        (counts) => {
          seen[name] = Object.fromEntries(counts);
        },
      );
    await Promise.all([task('a', 3), task('b', 1)]);
    await get(timeseries); // outside any task: counted in total only
    expect(seen).toEqual({ a: { timeseries: 3, gordo: 1 }, b: { timeseries: 1, gordo: 1 } });
    const totals = (await metrics.upstreamRequests.get()).values.map((v) => [v.labels['upstream'], v.value]);
    expect(Object.fromEntries(totals)).toEqual({ timeseries: 5, gordo: 2 });
    await agent.close();
  });
});
