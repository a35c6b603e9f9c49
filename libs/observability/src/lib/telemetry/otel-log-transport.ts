import { Writable } from 'node:stream';
import { logs, SeverityNumber, type AnyValue, type LogAttributes } from '@opentelemetry/api-logs';
import { transports, type transport } from 'winston';

const SEVERITY: Record<string, SeverityNumber> = {
  error: SeverityNumber.ERROR,
  warn: SeverityNumber.WARN,
  info: SeverityNumber.INFO,
  debug: SeverityNumber.DEBUG,
};

/** Instrumentation scope of the log records. */
const SCOPE = '@latigo/observability';
const SKIPPED = new Set(['level', 'message', 'timestamp']);

/**
 * A winston transport that hands every line to the OpenTelemetry logs API, with its fields
 * (task_id, project, model, …) as attributes, in the active context (so a line written while a
 * task runs carries the task's trace). Explicit rather than the winston instrumentation, which
 * patches winston only when it is required after the SDK started: the apps' bundles load winston
 * first. Lines arrive already redacted (the logger's format runs before any transport). With no
 * SDK registered the API is a no-op; the logger adds this transport only when telemetry is on.
 */
export function openTelemetryLogTransport(): transport {
  const sink = new Writable({
    objectMode: true,
    write(info: Record<string, unknown>, _encoding, done) {
      emit(info);
      done();
    },
  });
  return new transports.Stream({ stream: sink });
}

export function emit(info: Record<string, unknown>): void {
  const level = String(info['level']);
  const attributes: LogAttributes = {};
  for (const [key, value] of Object.entries(info)) {
    if (SKIPPED.has(key)) continue;
    const attribute = toAttribute(value);
    if (attribute !== undefined) attributes[key] = attribute;
  }
  // Asked per line: the SDK is registered after the logger is made.
  logs.getLogger(SCOPE).emit({
    severityNumber: SEVERITY[level] ?? SeverityNumber.INFO,
    severityText: level.toUpperCase(),
    body: String(info['message'] ?? ''),
    attributes,
  });
}

// Application Insights shows attributes as text: scalars stay, anything else becomes JSON.
function toAttribute(value: unknown): AnyValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value, (_key, v: unknown) =>
      v instanceof Error ? `${v.name}: ${v.message}` : typeof v === 'bigint' ? v.toString() : v,
    );
  } catch {
    return String(value);
  }
}
