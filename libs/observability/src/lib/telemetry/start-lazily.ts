import type { Telemetry, TelemetryOptions } from './start-telemetry';

/**
 * `startTelemetry` of `@latigo/observability/telemetry`, loaded on the first call: a process
 * with telemetry off never loads the OpenTelemetry SDK (the bundles keep this require lazy).
 */
export function startTelemetryLazily(options: TelemetryOptions): Telemetry {
  // A require inside the function is what keeps the SDK out of start-up (CommonJS output).
  const { startTelemetry } = require('./start-telemetry') as {
    startTelemetry: (options: TelemetryOptions) => Telemetry;
  };
  return startTelemetry(options);
}

export type { Telemetry, TelemetryOptions };
