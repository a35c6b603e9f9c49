import { requirePeerEnv } from '@latigo/peers';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { Emulators } from './in-process.test-helpers';

// Helpers of the integration suites: the real peers of tools/peers (Kafka, Redis, Gordo).

let counter = 0;
/** A topic, group or key prefix no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}

/** The broker's PLAINTEXT listener, for what the executor does not do itself: topics and offsets. */
export class KafkaAdmin {
  private readonly kafka = new Kafka({
    clientId: uniqueName('executor-test-admin'),
    brokers: [requirePeerEnv('LATIGO_TEST_KAFKA_BROKERS')],
    logLevel: logLevel.NOTHING,
  });
  private admin?: Promise<Admin>;

  private connect(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  /** The task topic (4 partitions) and its dead-letter topic; auto-creation is off on the test broker. */
  async createTopics(topic: string): Promise<{ topic: string; deadLetterTopic: string }> {
    const deadLetterTopic = `${topic}.dlq`;
    await (
      await this.connect()
    ).createTopics({
      topics: [
        { topic, numPartitions: 4, replicationFactor: 1 },
        { topic: deadLetterTopic, numPartitions: 1, replicationFactor: 1 },
      ],
      waitForLeaders: true,
    });
    return { topic, deadLetterTopic };
  }

  /** Committed offset per partition (partitions without a commit left out). */
  async committed(groupId: string, topic: string): Promise<Map<number, number>> {
    const [offsets] = await (await this.connect()).fetchOffsets({ groupId, topics: [topic] });
    return new Map(
      (offsets?.partitions ?? [])
        .filter((p) => Number(p.offset) >= 0)
        .map((p) => [p.partition, Number(p.offset)]),
    );
  }

  async endOffsets(topic: string): Promise<Map<number, number>> {
    const offsets = await (await this.connect()).fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  }

  /** Whether the group committed everything on the topic. */
  async drained(groupId: string, topic: string): Promise<boolean> {
    const [committed, end] = await Promise.all([this.committed(groupId, topic), this.endOffsets(topic)]);
    return [...end].every(([partition, high]) => high === 0 || committed.get(partition) === high);
  }

  /** Produces one raw message (e.g. one that is not a task). */
  async produceRaw(topic: string, value: string): Promise<void> {
    const producer = this.kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value }] });
    await producer.disconnect();
  }

  async close(): Promise<void> {
    await (await this.admin)?.disconnect();
  }
}

/** An executor configuration for the real peers and the emulators; `overrides` are merged section by section. */
export function peerConfig(
  emulators: Emulators,
  queue: { topic: string; deadLetterTopic: string; groupId: string },
  overrides: Record<string, Record<string, unknown>> = {},
): Record<string, Record<string, unknown>> {
  const gordo = `${requirePeerEnv('LATIGO_TEST_GORDO_URL')}/gordo/v0/`;
  const base: Record<string, Record<string, unknown>> = {
    executor: { concurrency: 4, retry: { initial_delay: '100ms', max_delay: '1s' } },
    task_queue: {
      type: 'kafka',
      'bootstrap.servers': requirePeerEnv('LATIGO_TEST_KAFKA_BROKERS'),
      topic: queue.topic,
      dead_letter_topic: queue.deadLetterTopic,
      'group.id': queue.groupId,
    },
    cache: {
      type: 'redis',
      host: requirePeerEnv('LATIGO_TEST_REDIS_HOST'),
      port: Number(requirePeerEnv('LATIGO_TEST_REDIS_PORT')),
      ...(process.env['LATIGO_TEST_REDIS_PASSWORD']
        ? { password: process.env['LATIGO_TEST_REDIS_PASSWORD'] }
        : {}),
      tls: false,
      key_prefix: `${uniqueName('latigo-test')}:`,
    },
    model_info: { connection_string: gordo },
    predictor: { connection_string: gordo, batch_size: 1000, use_parquet: true },
    sensor_data: { base_url: emulators.timeseries.baseUrl('v1.6') },
    prediction_storage: { base_url: emulators.timeseries.baseUrl('v1.6') },
    prediction_metadata_storage: { base_url: emulators.metadata.url },
    logging: { level: 'debug' },
    server: { host: '127.0.0.1', port: 0, shutdown_timeout_ms: 20_000 },
  };
  const merged = { ...base };
  for (const [section, values] of Object.entries(overrides))
    merged[section] = { ...base[section], ...values };
  return merged;
}
