import { createLogger, format, transports, type Logger as Winston } from 'winston';
import type { LogLevel, LogMeta, Logger } from './logger';
import { redactSecrets } from './redact';
import { openTelemetryLogTransport } from './telemetry/otel-log-transport';

export interface WinstonLoggerOptions {
  level?: LogLevel;
  /** Added to every line, e.g. `{ service: 'latigo-executor', version: '0.1.0' }`. */
  defaultMeta?: LogMeta;
  /** Where lines go; default stdout. Tests pass a stream to capture them. */
  stream?: NodeJS.WritableStream;
  /** Also hand every line to OpenTelemetry (Azure Monitor); set when telemetry is on. */
  exportToOpenTelemetry?: boolean;
}

// Runs on every line, so no field whose name looks like a credential is ever written.
const redactFormat = format((info) => {
  const redacted = redactSecrets({ ...info }) as Record<string | symbol, unknown>;
  for (const key of Object.keys(info)) {
    if (key !== 'level' && key !== 'message') info[key] = redacted[key];
  }
  return info;
});

/** A `Logger` that writes one JSON object per line (winston), with secret-looking fields redacted. */
export function createWinstonLogger(options: WinstonLoggerOptions = {}): Logger {
  const winston = createLogger({
    level: options.level ?? 'info',
    defaultMeta: options.defaultMeta,
    format: format.combine(format.timestamp(), redactFormat(), format.json()),
    transports: [
      options.stream
        ? new transports.Stream({ stream: options.stream })
        : new transports.Console({ stderrLevels: [], forceConsole: true }),
      ...(options.exportToOpenTelemetry ? [openTelemetryLogTransport()] : []),
    ],
  });
  return wrap(winston);
}

function wrap(winston: Winston): Logger {
  return {
    debug: (message, meta) => winston.debug(message, meta),
    info: (message, meta) => winston.info(message, meta),
    warn: (message, meta) => winston.warn(message, meta),
    error: (message, meta) => winston.error(message, meta),
    child: (meta) => wrap(winston.child(meta)),
  };
}
