import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  loadConfig,
  type ExecutorConfig,
  type SchedulerConfig,
  executorConfigSchema,
  schedulerConfigSchema,
} from '@latigo/config-loader';
import {
  createMetricsRegistry,
  HealthServer,
  type LogLevel,
  type LogMeta,
  type Logger,
  ShutdownCoordinator,
} from '@latigo/observability';
import { createWinstonLogger } from '@latigo/observability/winston';
import type { ServiceConfigBase, ServiceContext } from '@latigo/service-runtime';

/** One log line of an app: what the benchmark follows (slots enqueued, task outcomes and durations). */
export interface LogRecord {
  level: LogLevel;
  message: string;
  meta: LogMeta;
}

/** Writes through `inner` and hands every line, with its child context, to `sink`. */
function tapLogger(inner: Logger, sink: (record: LogRecord) => void, context: LogMeta = {}): Logger {
  const emit = (level: LogLevel) => (message: string, meta?: LogMeta) => {
    inner[level](message, meta);
    sink({ level, message, meta: { ...context, ...meta } });
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (meta) => tapLogger(inner.child(meta), sink, { ...context, ...meta }),
  };
}

export interface BenchApp<C> {
  ctx: ServiceContext<C>;
  /** Stops the app as SIGTERM would, then flushes its log. */
  stop(reason: string): Promise<void>;
}

/**
 * The `ServiceContext` an app's composition root gets, built as `runService` builds it (winston
 * JSON logs, so their cost is measured too, a metrics registry, the health server, the shutdown
 * coordinator), with the log going to `logFile` and to `sink`, and the process left alone.
 */
export async function createBenchApp<C extends ServiceConfigBase>(
  name: string,
  config: C,
  logFile: string,
  sink: (record: LogRecord) => void,
): Promise<BenchApp<C>> {
  const stream = createWriteStream(logFile, { flags: 'a' });
  const logger = tapLogger(
    createWinstonLogger({ level: config.logging.level, defaultMeta: { service: name }, stream }),
    sink,
  );
  const metrics = createMetricsRegistry({ defaultLabels: { service: name }, processMetrics: false });
  const shutdown = new ShutdownCoordinator({
    deadlineMs: config.server.shutdown_timeout_ms,
    logger,
    process: { on: () => undefined, exit: (() => undefined) as never },
  });
  const health = await HealthServer.start({ host: '127.0.0.1', port: 0, registry: metrics, logger });
  shutdown.register('health server', () => health.close());
  return {
    ctx: { config, logger, metrics, health, shutdown },
    stop: async (reason) => {
      await shutdown.shutdown(reason);
      await new Promise((resolve) => setImmediate(resolve));
      stream.end();
      await once(stream, 'finish');
    },
  };
}

/** `apps/<app>/config/defaults.yaml`, through the workspace link. */
function defaultsFile(app: 'scheduler' | 'executor'): string {
  return join(dirname(require.resolve(`@latigo/${app}/package.json`)), 'config', 'defaults.yaml');
}

/** An app's configuration as the app loads it: its defaults, then `override` as the override file. */
async function loadWith<C>(
  app: 'scheduler' | 'executor',
  schema: typeof schedulerConfigSchema | typeof executorConfigSchema,
  override: Record<string, unknown>,
): Promise<C> {
  const dir = mkdtempSync(join(tmpdir(), 'latigo-bench-'));
  const file = join(dir, `${app}.json`);
  try {
    writeFileSync(file, JSON.stringify(override));
    const { config } = await loadConfig({
      schema,
      defaultsFile: defaultsFile(app),
      overrideFile: file,
      env: {},
    });
    return config as C;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const loadSchedulerConfig = (override: Record<string, unknown>) =>
  loadWith<SchedulerConfig>('scheduler', schedulerConfigSchema, override);
export const loadExecutorConfig = (override: Record<string, unknown>) =>
  loadWith<ExecutorConfig>('executor', executorConfigSchema, override);
