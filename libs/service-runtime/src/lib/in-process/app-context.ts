import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import {
  createMetricsRegistry,
  HealthServer,
  type ProcessLike,
  ShutdownCoordinator,
  type ShutdownResult,
} from '@latigo/observability';
import { createWinstonLogger } from '@latigo/observability/winston';
import type { ServiceConfigBase, ServiceContext } from '../run-service';
import { type LogRecord, tapLogger } from './log-tap';

/** One app of the run with the context its composition root gets, as `runService` would build it. */
export interface AppHandle<C> {
  readonly name: string;
  readonly ctx: ServiceContext<C>;
  /** `/healthz`, `/readyz`, `/metrics` of this app. */
  readonly healthUrl: string;
  /** Shuts the app down as SIGTERM would (idempotent). */
  stop(reason: string): Promise<ShutdownResult>;
  /** Resolves when the app starts shutting down, by `stop` or on its own (a crash of a loop). */
  readonly stopping: Promise<void>;
  /** Flushes and closes the log file (idempotent); call after `stop`. */
  closeLog(): Promise<void>;
  /** Closes the health server (idempotent); `stop` does it unless it was told to keep serving. */
  closeHealthServer(): Promise<void>;
}

export interface AppContextOptions {
  /** The health server outlives `stop` (the local run's `--serve`), until `closeHealthServer`. */
  keepServing?: boolean;
}

/** Stands in for `process`: an app of the run must not install signal handlers or exit the process. */
function processStandIn(): ProcessLike {
  return { on: () => undefined, exit: (() => undefined) as ProcessLike['exit'] };
}

/**
 * Builds an app's `ServiceContext` from the same pieces `runService` uses (winston JSON logs,
 * a metrics registry, the health server, the shutdown coordinator), except that the log lines go
 * to `logFile` (and to `sink`) instead of stdout, and the process is left alone.
 */
export async function createAppContext<C extends ServiceConfigBase>(
  name: string,
  config: C,
  logFile: string,
  sink: (record: LogRecord) => void,
  options: AppContextOptions = {},
): Promise<AppHandle<C>> {
  const stream: WriteStream = createWriteStream(logFile, { flags: 'a' });
  const logger = tapLogger(
    createWinstonLogger({ level: config.logging.level, defaultMeta: { service: name }, stream }),
    sink,
    { service: name },
  );
  const metrics = createMetricsRegistry({ defaultLabels: { service: name }, processMetrics: false });
  const shutdown = new ShutdownCoordinator({
    deadlineMs: config.server.shutdown_timeout_ms,
    logger,
    process: processStandIn(),
  });
  const health = await HealthServer.start({
    host: config.server.host,
    port: config.server.port,
    registry: metrics,
    logger,
  });
  if (!options.keepServing) shutdown.register('health server', () => health.close());
  health.setReadinessCheck('config', () => undefined);
  let logClosed: Promise<void> | undefined;
  const stopping = new Promise<void>((resolve) => {
    shutdown.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  return {
    name,
    ctx: { config, logger, metrics, health, shutdown },
    healthUrl: health.url,
    stop: (reason) => shutdown.shutdown(reason),
    closeHealthServer: () => health.close(),
    stopping,
    closeLog: () =>
      (logClosed ??= (async () => {
        // winston writes on the next tick: let the last lines (shutdown complete) reach the stream.
        await new Promise((resolve) => setImmediate(resolve));
        stream.end();
        await once(stream, 'finish');
      })()),
  };
}
