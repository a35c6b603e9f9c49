// Separate entry point, for the apps only: it loads the OpenTelemetry SDK and the Azure Monitor
// exporter, which neither libraries nor a process with telemetry off should pay for.
export {
  startTelemetry,
  ingestionEndpointOf,
  type Telemetry,
  type TelemetryOptions,
} from './lib/telemetry/start-telemetry';
