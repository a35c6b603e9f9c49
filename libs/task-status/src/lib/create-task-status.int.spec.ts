import { createServer } from 'node:net';
import { metricSum, noopLogger } from '@latigo/observability';
import { requirePeerEnv } from '@latigo/peers';
import { Registry } from 'prom-client';
import { createTaskStatus, type TaskStatusConfig } from './create-task-status';
import { event, T0 } from './testing/conformance.test-helpers';

function configFor(host: string, port: number, prefix: string): TaskStatusConfig {
  return {
    cache: { type: 'redis', host, port, tls: false, key_prefix: prefix, password: undefined },
    task_status: {
      retention: { text: '3650d', ms: 3650 * 86_400_000 },
      max_slots: 10,
      max_tasks_per_model: 10,
      freshness_grace: { text: '15m', ms: 900_000 },
    },
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createTaskStatus over Redis', () => {
  it('records through its own connection from the cache section, and reads back', async () => {
    const url = new URL(requirePeerEnv('LATIGO_TEST_REDIS_URL'));
    const status = createTaskStatus(configFor(url.hostname, Number(url.port), `test:${Date.now()}:`), {
      logger: noopLogger,
      registry: new Registry(),
    });
    try {
      expect(status.type).toBe('redis');
      status.recorder.expect({ slot: new Date(T0).toISOString(), project: 'p1', models: ['a'] });
      status.recorder.record(event('a', 'succeeded', T0));
      for (let i = 0; i < 250 && status.recorder.pending > 0; i++) {
        await status.recorder.flush(); // fails until connected
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const report = await status.reader.report({ now: new Date(T0 + 600_000) });
      expect(report.slots[0]).toMatchObject({ project: 'p1', expected: 1, succeeded: 1 });
    } finally {
      await status.close();
    }
  });

  it('while Redis is unreachable: record returns, flush and close settle, failures are counted', async () => {
    const registry = new Registry();
    const status = createTaskStatus(configFor('127.0.0.1', await closedPort(), 'test:'), {
      logger: noopLogger,
      registry,
    });
    for (let i = 0; i < 1000; i++) status.recorder.record(event(`m${i}`, 'running', T0));
    await status.recorder.flush();
    expect(await metricSum(registry, 'latigo_task_status_writes_failed_total')).toBeGreaterThanOrEqual(1);
    expect(status.recorder.pending).toBe(1000);
    await status.close();
  });
});
