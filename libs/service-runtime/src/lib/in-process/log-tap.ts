import type { LogLevel, LogMeta, Logger } from '@latigo/observability';

/** One log line as the apps wrote it: level, message and every field (the child loggers' included). */
export interface LogRecord {
  level: LogLevel;
  message: string;
  meta: LogMeta;
}

/**
 * A logger that writes through `inner` (the JSON log file) and also hands every line to `sink`,
 * so the run can follow the apps (slots enqueued, task outcomes and durations) by what they log,
 * the same lines an operator reads, without any hook inside the apps.
 */
export function tapLogger(inner: Logger, sink: (record: LogRecord) => void, context: LogMeta = {}): Logger {
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
