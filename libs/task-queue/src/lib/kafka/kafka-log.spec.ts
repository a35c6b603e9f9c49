import type { Logger } from '@latigo/observability';
import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-log';

describe('kafkaLogCreator', () => {
  it('routes kafkajs lines to the Logger with the connection string scrubbed', () => {
    const lines: [string, string, Record<string, unknown> | undefined][] = [];
    const logger: Logger = {
      debug: (m, meta) => void lines.push(['debug', m, meta]),
      info: (m, meta) => void lines.push(['info', m, meta]),
      warn: (m, meta) => void lines.push(['warn', m, meta]),
      error: (m, meta) => void lines.push(['error', m, meta]),
      child: () => logger,
    };
    const secret = 'Endpoint=sb://h/;SharedAccessKeyName=n;SharedAccessKey=abc;EntityPath=t';
    const log = kafkaLogCreator(logger, [secret])(logLevel.INFO);
    log({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: {
        message: `failed with ${secret}`,
        timestamp: 'x',
        logger: 'kafkajs',
        sasl: { password: secret },
      },
    });
    log({
      namespace: 'Runner',
      level: logLevel.INFO,
      label: 'INFO',
      log: { message: 'joined', timestamp: 'x', logger: 'kafkajs' },
    });
    expect(lines).toEqual([
      ['error', 'failed with [REDACTED]', { component: 'kafkajs', sasl: { password: '[REDACTED]' } }],
      ['debug', 'joined', { component: 'kafkajs' }],
    ]);
  });
});
