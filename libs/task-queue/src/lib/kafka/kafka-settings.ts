import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { TaskQueueSectionConfig } from '@latigo/config-loader';
import { noopLogger, type Logger } from '@latigo/observability';
import { TaskQueueError } from '../errors';
import { DEFAULT_MAX_REQUEST_BYTES } from '../produce-requests';
import { parseEventHubsConnectionString } from './connection-string';

/** Everything the Kafka adapter needs to connect and behave; plain data (the secret is `sasl.password`). */
export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly groupId: string;
  /** Unique per process (Event Hubs tells clients apart by it). */
  readonly clientId: string;
  /** TLS; `ca` holds PEM text to trust besides the system roots. */
  readonly tls?: { readonly ca?: readonly string[] };
  /** SASL PLAIN credentials. */
  readonly sasl?: { readonly username: string; readonly password: string };
  readonly requestTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly metadataMaxAgeMs: number;
  /** Longest wait of an empty fetch (the broker holds it; no sleeping on our side). */
  readonly maxWaitTimeMs: number;
  /** At most one offset commit per interval (Event Hubs throttles commits at 4/s per partition). */
  readonly commitIntervalMs: number;
  /** A new group starts at the earliest offset (`auto.offset.reset: earliest`) or the latest. */
  readonly fromBeginning: boolean;
  readonly allowAutoTopicCreation: boolean;
  readonly maxRequestBytes: number;
  /** kafkajs retries of each request (reconnects included). */
  readonly retry: {
    readonly retries: number;
    readonly initialRetryTime: number;
    readonly maxRetryTime: number;
  };
}

/** Event Hubs guidance, in kafkajs terms (see the README's table). */
export const EVENT_HUBS_DEFAULTS = {
  requestTimeoutMs: 60_000,
  connectionTimeoutMs: 10_000,
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  rebalanceTimeoutMs: 60_000,
  metadataMaxAgeMs: 180_000,
  maxWaitTimeMs: 5_000,
  commitIntervalMs: 1_000,
  fromBeginning: true,
  allowAutoTopicCreation: false,
  maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
  retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 30_000 },
} as const;

/** Keys the original passed to librdkafka that have no kafkajs meaning: accepted, warned about. */
const IGNORED_KEYS = [
  'max.poll.interval.ms',
  'enable.auto.commit',
  'auto.commit.interval.ms',
  'debug',
] as const;

export interface SettingsFromConfigOptions {
  readonly logger?: Logger;
  /** Default group when `group.id` is not set. */
  readonly defaultGroupId?: string;
  /** For tests: where `ssl.ca.location` is read from. */
  readonly readFile?: (path: string) => string;
  /** For tests: the process-unique client id suffix. */
  readonly clientIdSuffix?: string;
}

/**
 * Maps Latigo's `task_queue` section to {@link KafkaSettings}. A connection string alone is enough
 * for Event Hubs: bootstrap `<host>:9093` (or the port in Endpoint), SASL PLAIN as
 * `$ConnectionString`, TLS, topic from `EntityPath`.
 * @throws TaskQueueError `TASK_QUEUE_CONFIG_INVALID` (never containing the connection string)
 */
export function kafkaSettingsFromConfig(
  section: TaskQueueSectionConfig,
  options: SettingsFromConfigOptions = {},
): KafkaSettings {
  const logger = options.logger ?? noopLogger;
  const invalid = (message: string, cause?: unknown) =>
    new TaskQueueError('TASK_QUEUE_CONFIG_INVALID', message, { operation: 'config' }, { cause });

  const connection = section.connection_string
    ? parseEventHubsConnectionString(section.connection_string)
    : undefined;
  const explicitBrokers = (section['bootstrap.servers'] ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const brokers =
    explicitBrokers.length > 0 ? explicitBrokers : connection ? [connection.bootstrapServer] : [];
  if (brokers.length === 0)
    throw invalid('task_queue needs connection_string (Event Hubs) or bootstrap.servers');

  const topic = section.topic ?? connection?.entityPath;
  if (!topic) throw invalid('task_queue.topic is not set and the connection string has no EntityPath');

  const protocol = section['security.protocol'] ?? (connection ? 'SASL_SSL' : 'PLAINTEXT');
  const usesTls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const usesSasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
  if (usesSasl && !connection) {
    throw invalid(
      `task_queue["security.protocol"] ${protocol} needs connection_string (SASL PLAIN as $ConnectionString)`,
    );
  }
  const caPath = section['ssl.ca.location'];
  let ca: string[] | undefined;
  if (caPath) {
    if (!usesTls)
      logger.warn('task_queue["ssl.ca.location"] is set but the protocol uses no TLS; ignored', { protocol });
    else {
      try {
        ca = [(options.readFile ?? ((p) => readFileSync(p, 'utf8')))(caPath)];
      } catch (cause) {
        throw invalid(`task_queue["ssl.ca.location"] cannot be read: ${caPath}`, cause);
      }
    }
  }

  for (const key of IGNORED_KEYS) {
    if (section[key] !== undefined)
      logger.warn(`task_queue["${key}"] has no meaning for the kafkajs client; ignored`);
  }
  const topicConfig = section['default.topic.config'] ?? {};
  for (const key of Object.keys(topicConfig)) {
    if (key !== 'auto.offset.reset') {
      logger.warn(
        `task_queue["default.topic.config"]["${key}"] has no meaning for the kafkajs client; ignored`,
      );
    }
  }
  const reset = topicConfig['auto.offset.reset'];
  let fromBeginning: boolean = EVENT_HUBS_DEFAULTS.fromBeginning;
  if (reset !== undefined) {
    if (reset === 'earliest' || reset === 'smallest' || reset === 'beginning') fromBeginning = true;
    else if (reset === 'latest' || reset === 'largest' || reset === 'end') fromBeginning = false;
    else
      throw invalid(
        `task_queue["default.topic.config"]["auto.offset.reset"] must be earliest or latest, got ${String(reset)}`,
      );
  }

  const clientIdPrefix = section['client.id'] ?? 'latigo';
  const suffix = options.clientIdSuffix ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  return {
    ...EVENT_HUBS_DEFAULTS,
    brokers,
    topic,
    deadLetterTopic: section.dead_letter_topic ?? `${topic}.dlq`,
    groupId: section['group.id'] ?? options.defaultGroupId ?? 'latigo-executor',
    clientId: `${clientIdPrefix}-${suffix}`,
    ...(usesTls ? { tls: ca ? { ca } : {} } : {}),
    ...(usesSasl && connection
      ? { sasl: { username: '$ConnectionString', password: connection.secret } }
      : {}),
    requestTimeoutMs: section['request.timeout.ms'] ?? EVENT_HUBS_DEFAULTS.requestTimeoutMs,
    sessionTimeoutMs: section['session.timeout.ms'] ?? EVENT_HUBS_DEFAULTS.sessionTimeoutMs,
    fromBeginning,
    allowAutoTopicCreation: section['allow.auto.create.topics'] ?? false,
  };
}
