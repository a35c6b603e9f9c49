/** Structured context that rides along with a log line (task id, project, model, …). */
export type LogMeta = Record<string, unknown>;

/**
 * The logging port every library takes. Libraries never import a logging framework;
 * apps pass an adapter (see `@latigo/observability/winston`).
 */
export interface Logger {
  debug(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  error(message: string, meta?: LogMeta): void;
  /** A logger that adds `meta` to every line it writes. */
  child(meta: LogMeta): Logger;
}

/** A logger that discards everything: the default when a caller passes none. */
export const noopLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => noopLogger,
};

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
