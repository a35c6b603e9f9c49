import type { Logger } from '@latigo/observability';
import type { logCreator } from 'kafkajs';
import { kafkajs } from './kafkajs';
import { scrub } from './kafka-errors';

/**
 * Routes kafkajs' own log lines to our Logger, with secrets scrubbed. kafkajs INFO is chatty
 * (every join and leave), so it goes to debug.
 */
export function kafkaLogCreator(logger: Logger, secrets: readonly string[]): logCreator {
  const { logLevel } = kafkajs();
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      const meta = JSON.parse(scrub(JSON.stringify({ ...extra, component: 'kafkajs' }), secrets)) as Record<
        string,
        unknown
      >;
      delete meta['timestamp'];
      delete meta['logger'];
      const text = scrub(String(message), secrets);
      if (level === logLevel.ERROR) logger.error(text, meta);
      else if (level === logLevel.WARN) logger.warn(text, meta);
      else logger.debug(text, meta);
    };
}
