import { shutdownAzureMonitor, useAzureMonitor } from '@azure/monitor-opentelemetry';
import { diag, DiagLogLevel, metrics, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Logger } from '../logger';

export interface TelemetryOptions {
  /** `service.name`: the cloud role name in Application Insights (e.g. `latigo-executor`). */
  serviceName: string;
  serviceVersion?: string;
  /** Application Insights connection string (`InstrumentationKey=…;IngestionEndpoint=…`). A secret: never logged. */
  connectionString: string;
  /** Where telemetry's own problems go (export failures). */
  logger: Logger;
  /** Share of traces kept, 0 to 1 (default 1). Log records are kept regardless. */
  samplingRatio?: number;
  /** Keep what could not be sent on disk and retry it later (the exporter's default); tests turn it off. */
  offlineStorage?: boolean;
}

/** Started telemetry: flush before a test asserts, shut down last when the process stops. */
export interface Telemetry {
  /** Exports everything buffered now. */
  flush(): Promise<void>;
  /** Flushes, then stops the SDK and the instrumentation. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry with the Azure Monitor exporter (the `@azure/monitor-opentelemetry`
 * distro): spans become requests and dependencies, log records traces, metrics metrics, all
 * sent to the connection string's ingestion endpoint. Outbound HTTP is traced by the undici
 * instrumentation (diagnostics channels, so it works whatever loaded undici first). The distro's
 * patching instrumentations are off: the apps' bundles load their modules before this runs, and
 * the health server's inbound probes would only add noise. Task spans and Kafka trace headers are
 * made explicitly by `@latigo/task-queue`; log lines reach the SDK through the winston logger's
 * `exportToOpenTelemetry` transport.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const off = { enabled: false };
  // Export failures are worth a line; the SDK's chatter below error is not.
  diag.setLogger(
    {
      error: (message) => options.logger.warn(`telemetry: ${message}`),
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.ERROR,
  );
  useAzureMonitor({
    azureMonitorExporterOptions: {
      connectionString: options.connectionString,
      disableOfflineStorage: options.offlineStorage === false,
    },
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    }),
    samplingRatio: options.samplingRatio ?? 1,
    // The rate-limited sampler (5 traces/s by default) would drop most tasks of a busy slot.
    tracesPerSecond: 0,
    // Every task's log lines are wanted, whether or not its trace was sampled.
    enableTraceBasedSamplingForLogs: false,
    enableLiveMetrics: false,
    instrumentationOptions: {
      http: off,
      azureSdk: off,
      mongoDb: off,
      mySql: off,
      postgreSql: off,
      redis: off,
      redis4: off,
      bunyan: off,
      winston: off,
      console: off,
    },
  });
  // Enabled on construction, with the providers the distro just registered.
  const undici = new UndiciInstrumentation();
  options.logger.info('telemetry started: Azure Monitor', {
    ingestion_endpoint: ingestionEndpointOf(options.connectionString),
    sampling_ratio: options.samplingRatio ?? 1,
  });

  let stopped: Promise<void> | undefined;
  return {
    flush: () => flushProviders(),
    shutdown: () =>
      (stopped ??= (async () => {
        await flushProviders();
        undici.disable();
        await shutdownAzureMonitor();
        diag.disable();
      })()),
  };
}

/** Where telemetry goes, for the start-up line (the host only; the key stays out of logs). */
export function ingestionEndpointOf(connectionString: string): string {
  const match = /(?:^|;)\s*IngestionEndpoint\s*=\s*([^;]+)/i.exec(connectionString);
  if (!match?.[1]) return 'default';
  try {
    return new URL(match[1].trim()).origin;
  } catch {
    return 'invalid';
  }
}

type Flushable = { forceFlush?: () => Promise<void> };

async function flushProviders(): Promise<void> {
  const tracer = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const providers = [tracer.getDelegate?.() ?? tracer, logs.getLoggerProvider(), metrics.getMeterProvider()];
  await Promise.all(providers.map((p) => (p as Flushable).forceFlush?.().catch(() => undefined)));
}
