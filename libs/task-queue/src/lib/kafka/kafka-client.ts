import type { Logger } from '@latigo/observability';
import type { ISocketFactory, Kafka } from 'kafkajs';
import { kafkajs } from './kafkajs';
import { kafkaLogCreator } from './kafka-log';
import type { KafkaSettings } from './kafka-settings';

/** The kafkajs client for `settings`; its log lines go to `logger` with the connection string scrubbed. */
export function createKafkaClient(
  settings: KafkaSettings,
  logger: Logger,
  socketFactory?: ISocketFactory,
): Kafka {
  const { Kafka: KafkaClient, logLevel } = kafkajs();
  return new KafkaClient({
    ...(socketFactory ? { socketFactory } : {}),
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    ssl: settings.tls ? (settings.tls.ca ? { ca: [...settings.tls.ca] } : true) : false,
    ...(settings.sasl
      ? {
          sasl: {
            mechanism: 'plain' as const,
            username: settings.sasl.username,
            password: settings.sasl.password,
          },
        }
      : {}),
    connectionTimeout: settings.connectionTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    enforceRequestTimeout: true,
    retry: { ...settings.retry },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger, secretsOf(settings)),
  });
}

/** Strings that must never reach a log line or an error message. */
export function secretsOf(settings: KafkaSettings): string[] {
  return settings.sasl ? [settings.sasl.password] : [];
}
