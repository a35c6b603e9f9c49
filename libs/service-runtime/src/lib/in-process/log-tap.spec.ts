import type { LogMeta, Logger } from '@latigo/observability';
import { type LogRecord, tapLogger } from './log-tap';

/** A logger that keeps what it is asked to write, with its child fields. */
function memoryLogger(lines: { message: string; meta: LogMeta }[], context: LogMeta = {}): Logger {
  const write = (message: string, meta?: LogMeta) => lines.push({ message, meta: { ...context, ...meta } });
  return {
    debug: write,
    info: write,
    warn: write,
    error: write,
    child: (meta) => memoryLogger(lines, { ...context, ...meta }),
  };
}

describe('tapLogger', () => {
  it('writes every line through and hands it to the sink with the fields of every child logger', () => {
    const written: { message: string; meta: LogMeta }[] = [];
    const seen: LogRecord[] = [];
    const logger = tapLogger(memoryLogger(written), (r) => seen.push(r), { service: 'executor' });

    logger.child({ task_id: 'p/m/a/b' }).child({ attempt: 2 }).warn('task failed', { code: 'X' });

    expect(written).toEqual([
      { message: 'task failed', meta: { task_id: 'p/m/a/b', attempt: 2, code: 'X' } },
    ]);
    expect(seen).toEqual([
      {
        level: 'warn',
        message: 'task failed',
        meta: { service: 'executor', task_id: 'p/m/a/b', attempt: 2, code: 'X' },
      },
    ]);
  });
});
