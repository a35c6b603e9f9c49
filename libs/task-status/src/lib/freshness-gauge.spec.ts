import { metricSum, noopLogger } from '@latigo/observability';
import { Registry } from 'prom-client';
import { registerFreshnessGauge } from './freshness-gauge';
import { MemoryTaskStatusStore } from './store/memory-task-status-store';
import { event, MINUTE, T0 } from './testing/conformance.test-helpers';

describe('latigo_prediction_freshness_seconds', () => {
  it('is now − newest stored window end per model of the newest slot, the retention when none', async () => {
    const store = new MemoryTaskStatusStore({
      now: () => T0 + 10 * MINUTE,
      limits: { retentionMs: 86_400_000 },
    });
    await store.write([
      {
        kind: 'expectation',
        expectation: { slot: new Date(T0).toISOString(), project: 'p1', models: ['a', 'b'] },
      },
      { kind: 'event', event: event('a', 'succeeded', T0) },
    ]);
    const registry = new Registry();
    registerFreshnessGauge({ reader: store, registry, retentionMs: 86_400_000, logger: noopLogger });
    const name = 'latigo_prediction_freshness_seconds';
    expect(await metricSum(registry, name, { project: 'p1', model: 'a' })).toBe(600);
    expect(await metricSum(registry, name, { project: 'p1', model: 'b' })).toBe(86_400);
  });

  it('leaves the series empty when the store cannot be read, without failing the scrape', async () => {
    const registry = new Registry();
    registerFreshnessGauge({
      reader: {
        report: () => Promise.reject(new Error('down')),
        modelHistory: () => Promise.reject(new Error('down')),
      },
      registry,
      retentionMs: 1000,
      logger: noopLogger,
    });
    await expect(registry.metrics()).resolves.toContain('latigo_prediction_freshness_seconds');
  });
});
