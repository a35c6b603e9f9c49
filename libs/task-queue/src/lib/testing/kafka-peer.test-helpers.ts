import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { taskQueueSectionSchema, type TaskQueueSectionConfig } from '@latigo/config-loader';

/**
 * Reads an endpoint the integration global setup (tools/peers) exported; a clear failure when the
 * suite runs without the Kafka peer.
 */
export function peerEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run with \`LATIGO_PEERS=kafka npx jest -c jest.integration.config.cjs libs/task-queue\` (it starts the real broker)`,
    );
  }
  return value;
}

let counter = 0;
/** A topic or group name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}

/** The `task_queue` section of an Event Hubs deployment: the connection string alone (+ the test CA). */
export function eventHubsSection(overrides: Record<string, unknown> = {}): TaskQueueSectionConfig {
  return taskQueueSectionSchema.parse({
    type: 'kafka',
    connection_string: peerEnv('LATIGO_TEST_KAFKA_CONNECTION_STRING'),
    'ssl.ca.location': peerEnv('LATIGO_TEST_KAFKA_CA_FILE'),
    ...overrides,
  });
}

/** Helpers on the broker's PLAINTEXT listener, outside the code under test. */
export class KafkaTestBroker {
  private readonly kafka = new Kafka({
    clientId: uniqueName('test-admin'),
    brokers: [peerEnv('LATIGO_TEST_KAFKA_BROKERS')],
    logLevel: logLevel.NOTHING,
  });
  private adminReady: Promise<Admin> | undefined;
  private producerReady: Promise<Producer> | undefined;

  admin(): Promise<Admin> {
    this.adminReady ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.adminReady;
  }

  async createTopics(topics: { topic: string; partitions: number }[]): Promise<void> {
    const admin = await this.admin();
    await admin.createTopics({
      topics: topics.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor: 1 })),
      waitForLeaders: true,
    });
  }

  /** Produces one raw message (no key, no headers, like the original scheduler); returns its partition and offset. */
  async produceRaw(
    topic: string,
    value: string | null,
    partition?: number,
  ): Promise<{ partition: number; offset: string }> {
    this.producerReady ??= (async () => {
      const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      return producer;
    })();
    const [meta] = await (
      await this.producerReady
    ).send({
      topic,
      acks: -1,
      messages: [{ value, ...(partition !== undefined ? { partition } : {}) }],
    });
    return { partition: meta?.partition ?? -1, offset: meta?.baseOffset ?? '-1' };
  }

  async committed(groupId: string, topic: string): Promise<Map<number, bigint>> {
    const [offsets] = await (await this.admin()).fetchOffsets({ groupId, topics: [topic] });
    return new Map(
      (offsets?.partitions ?? [])
        .filter((p) => Number(p.offset) >= 0)
        .map((p) => [p.partition, BigInt(p.offset)]),
    );
  }

  async endOffsets(topic: string): Promise<Map<number, bigint>> {
    const offsets = await (await this.admin()).fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  }

  /** Member ids of a consumer group, as the group coordinator sees them. */
  async groupMembers(groupId: string): Promise<string[]> {
    const { groups } = await (await this.admin()).describeGroups([groupId]);
    return (groups[0]?.members ?? []).map((m) => m.memberId);
  }

  async close(): Promise<void> {
    await (await this.producerReady)?.disconnect();
    await (await this.adminReady)?.disconnect();
  }
}
