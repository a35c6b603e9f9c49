import { type ExecutorConfig, executorConfigSchema } from '@latigo/config-loader';
import { MetadataEmulator, TimeseriesEmulator } from '@latigo/emulators';
import {
  HealthServer,
  ShutdownCoordinator,
  createMetricsRegistry,
  type ProcessLike,
} from '@latigo/observability';
import type { Registry } from 'prom-client';
import { startExecutor, type ExecutorOverrides } from '../composition-root';
import { MemoryLogger, type LogLine } from './fakes.test-helpers';

/** The emulated Omnia APIs, on loopback; synthetic data of tag-1 … tag-25 (facility 1903) up to `now`. */
export async function startEmulators(now = Date.parse('2024-02-01T00:00:00Z')) {
  const timeseries = new TimeseriesEmulator({ now: () => now });
  const metadata = new MetadataEmulator();
  await Promise.all([timeseries.listen(), metadata.listen()]);
  return {
    timeseries,
    metadata,
    close: () => Promise.all([timeseries.close(), metadata.close()]).then(() => undefined),
  };
}
export type Emulators = Awaited<ReturnType<typeof startEmulators>>;

/** An executor started in this process through its composition root, as `runService` would start it. */
export interface InProcessExecutor {
  readonly config: ExecutorConfig;
  readonly lines: LogLine[];
  readonly metrics: Registry;
  readonly health: HealthServer;
  stop(): Promise<void>;
}

export async function startInProcess(
  raw: Record<string, Record<string, unknown>>,
  overrides: ExecutorOverrides = {},
): Promise<InProcessExecutor> {
  const config = executorConfigSchema.parse(raw);
  const logger = new MemoryLogger();
  const metrics = createMetricsRegistry({ processMetrics: false });
  const health = await HealthServer.start({ host: '127.0.0.1', port: 0, registry: metrics, logger });
  // Stands in for `process`: nothing here may exit the test runner.
  const proc: ProcessLike = { on: () => undefined, exit: (() => undefined) as ProcessLike['exit'] };
  const shutdown = new ShutdownCoordinator({
    deadlineMs: config.server.shutdown_timeout_ms,
    logger,
    process: proc,
  });
  shutdown.register('health server', () => health.close());
  await startExecutor({ config, logger, metrics, health, shutdown }, overrides);
  return {
    config,
    lines: logger.lines,
    metrics,
    health,
    stop: async () => {
      await shutdown.shutdown('test done');
    },
  };
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
