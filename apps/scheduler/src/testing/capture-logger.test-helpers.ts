import type { Logger, LogLevel, LogMeta } from '@latigo/observability';

export interface CapturedLine extends LogMeta {
  level: LogLevel;
  message: string;
}

/** A Logger that keeps every line (with the meta of its children) for assertions. */
export class CaptureLogger implements Logger {
  constructor(
    readonly lines: CapturedLine[] = [],
    private readonly meta: LogMeta = {},
  ) {}

  debug(message: string, meta?: LogMeta): void {
    this.write('debug', message, meta);
  }
  info(message: string, meta?: LogMeta): void {
    this.write('info', message, meta);
  }
  warn(message: string, meta?: LogMeta): void {
    this.write('warn', message, meta);
  }
  error(message: string, meta?: LogMeta): void {
    this.write('error', message, meta);
  }
  child(meta: LogMeta): Logger {
    return new CaptureLogger(this.lines, { ...this.meta, ...meta });
  }

  messages(level?: LogLevel): string[] {
    return this.lines.filter((l) => !level || l.level === level).map((l) => l.message);
  }

  private write(level: LogLevel, message: string, meta?: LogMeta): void {
    this.lines.push({ ...this.meta, ...meta, level, message });
  }
}
