export { type Logger, type LogMeta, type LogLevel, LOG_LEVELS, noopLogger } from './lib/logger';
export { redactSecrets, isSecretKey, REDACTED } from './lib/redact';
export { createMetricsRegistry, metricSum, type MetricsRegistryOptions } from './lib/metrics';
export {
  HealthServer,
  type HealthServerOptions,
  type ReadinessCheck,
  type CheckResult,
  type RouteHandler,
  type RouteRequest,
  type RouteResponse,
} from './lib/health-server';
export {
  ShutdownCoordinator,
  ExitCode,
  type CloseFn,
  type ProcessLike,
  type ShutdownCoordinatorOptions,
  type ShutdownResult,
} from './lib/shutdown';
export { startTelemetryLazily, type Telemetry, type TelemetryOptions } from './lib/telemetry/start-lazily';
