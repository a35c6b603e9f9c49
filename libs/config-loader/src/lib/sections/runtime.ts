import { z } from 'zod';
import { boolean, doc, integer, secret } from '../schema';

const PYTHON_LEVELS: Record<string, string> = { warning: 'warn', critical: 'error', fatal: 'error' };

/** `logging`: the original read LOG_LEVEL with Python's names (INFO, WARNING…); both forms work. */
export const loggingSectionSchema = z.object({
  level: doc(
    z.preprocess(
      (v) => (typeof v === 'string' ? (PYTHON_LEVELS[v.toLowerCase()] ?? v.toLowerCase()) : v),
      z.enum(['error', 'warn', 'info', 'debug']).default('info'),
    ),
    'error | warn | info | debug (Python names such as WARNING are accepted).',
  ),
});

/** `server`: the one HTTP port for /healthz, /readyz and /metrics. */
export const serverSectionSchema = z.object({
  host: doc(z.string().min(1).default('0.0.0.0'), 'Interface to bind.'),
  port: doc(
    integer().pipe(z.number().min(0).max(65535)).default(8080),
    'Port for /healthz, /readyz, /metrics (0 = any free port).',
  ),
  shutdown_timeout_ms: doc(
    integer().pipe(z.number().positive()).default(25000),
    "Time allowed to drain and close on SIGTERM; keep it below the pod's terminationGracePeriodSeconds.",
  ),
});

/** `cache`: Redis (CACHE_HOST, CACHE_PORT, CACHE_PASSWORD as in the original) or in-memory. */
export const cacheSectionSchema = z
  .object({
    type: doc(
      z.enum(['redis', 'memory']).default('redis'),
      '`redis`, or `memory` for a single local process.',
    ),
    host: doc(z.string().optional(), 'Redis host (CACHE_HOST).'),
    port: doc(integer().pipe(z.number().min(1).max(65535)).default(6380), 'Redis port (CACHE_PORT).'),
    password: secret(z.string().optional(), 'Redis password (CACHE_PASSWORD).'),
    tls: doc(boolean().default(true), 'TLS to Redis (the original always used TLS).'),
    key_prefix: doc(z.string().default('latigo:'), 'Prefix of every key Latigo writes.'),
  })
  .superRefine((value, ctx) => {
    if (value.type === 'redis' && !value.host) {
      ctx.addIssue({ code: 'custom', path: ['host'], message: 'required for type redis (set CACHE_HOST)' });
    }
  });

/** Azure Monitor switches shared by the `scheduler` and `executor` sections (the original's two keys, plus more). */
export const azureMonitorKeys = {
  azure_monitor_logging_enabled: doc(
    boolean().default(false),
    'Send logs, traces and metrics to Azure Monitor (Application Insights) through OpenTelemetry.',
  ),
  azure_monitor_instrumentation_key: secret(
    z.string().optional(),
    'Azure Monitor instrumentation key, as in the original: used as `InstrumentationKey=<key>` with the default ingestion endpoint when no connection string is set.',
  ),
  azure_monitor_connection_string: secret(
    z.string().optional(),
    'Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…); wins over the key. The defaults take it from APPLICATIONINSIGHTS_CONNECTION_STRING.',
  ),
  azure_monitor_sampling_ratio: doc(
    z
      .preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().min(0).max(1))
      .default(1),
    'Share of task traces sent (0 to 1); log lines are always sent.',
  ),
  log_debug_enabled: doc(boolean().nullable().default(false), 'Log timings of every step (debug).'),
};

type AzureMonitorSettings = {
  azure_monitor_logging_enabled: boolean;
  azure_monitor_instrumentation_key?: string | undefined;
  azure_monitor_connection_string?: string | undefined;
};

/**
 * The connection string telemetry exports with, or undefined when Azure Monitor is off. The
 * original accepted only a key; `InstrumentationKey=<key>` keeps that working.
 */
export function azureMonitorConnectionString(section: AzureMonitorSettings): string | undefined {
  if (!section.azure_monitor_logging_enabled) return undefined;
  const connectionString = section.azure_monitor_connection_string?.trim();
  if (connectionString) return connectionString;
  const key = section.azure_monitor_instrumentation_key?.trim();
  return key ? `InstrumentationKey=${key}` : undefined;
}

/** Enabled without a key is an error, as in the original (which raised a ValueError). Values never go into messages. */
export function checkAzureMonitorKeys(
  section: AzureMonitorSettings,
  ctx: Pick<z.RefinementCtx, 'addIssue'>,
): void {
  if (!section.azure_monitor_logging_enabled) return;
  const connectionString = section.azure_monitor_connection_string?.trim();
  if (connectionString) {
    if (!/(^|;)\s*InstrumentationKey\s*=\s*[^;\s]/i.test(connectionString))
      ctx.addIssue({
        code: 'custom',
        path: ['azure_monitor_connection_string'],
        message:
          'expected an Application Insights connection string: InstrumentationKey=…;IngestionEndpoint=…',
      });
    return;
  }
  if (!section.azure_monitor_instrumentation_key?.trim())
    ctx.addIssue({
      code: 'custom',
      path: ['azure_monitor_instrumentation_key'],
      message:
        'required when azure_monitor_logging_enabled is true (or set azure_monitor_connection_string, or APPLICATIONINSIGHTS_CONNECTION_STRING)',
    });
}
