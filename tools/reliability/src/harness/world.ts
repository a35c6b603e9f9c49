import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { taskQueueSectionSchema } from '@latigo/config-loader';
import { MetadataEmulator, TimeseriesEmulator } from '@latigo/emulators';
import { requirePeerEnv, startPeer, stopPeer } from '@latigo/peers';
import { createTask, createTaskQueue, type Task, type TaskQueue } from '@latigo/task-queue';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { stringify } from 'yaml';
import { GordoFaultProxy } from './gordo-fault-proxy';
import { plantedSecrets } from './planted-secrets';

export const PROJECT = 'latigo-test';
/** Data of the Timeseries emulator ends here; windows are taken before it. */
export const DATA_END = Date.parse('2024-02-01T00:00:00Z');

type Section = Record<string, unknown>;

let counter = 0;
export const uniqueName = (prefix: string) =>
  `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

/**
 * What every scenario runs against: the emulated Timeseries and metadata APIs, the fault proxy
 * in front of the real Gordo server, a Redis of its own with a (planted) password so it can be
 * stopped without disturbing other suites, the shared real Kafka broker (SASL_SSL with the
 * connection string, as Event Hubs), and a fresh topic pair and consumer group.
 */
export class World {
  readonly secrets = plantedSecrets();
  readonly timeseries = new TimeseriesEmulator({ now: () => DATA_END });
  readonly metadata = new MetadataEmulator();
  readonly gordo = new GordoFaultProxy(requirePeerEnv('LATIGO_TEST_GORDO_URL'));
  readonly topic = uniqueName('reliability');
  readonly deadLetterTopic = `${this.topic}.dlq`;
  readonly groupId = uniqueName('reliability-group');
  readonly redisStateDir = mkdtempSync(join(tmpdir(), 'latigo-reliability-redis-'));
  readonly dir = mkdtempSync(join(tmpdir(), 'latigo-reliability-'));
  redisPort = 0;
  gordoUrl = '';
  private admin?: Admin;
  private queue?: TaskQueue;
  private readonly kafka = new Kafka({
    clientId: uniqueName('reliability-admin'),
    brokers: [requirePeerEnv('LATIGO_TEST_KAFKA_BROKERS')],
    logLevel: logLevel.NOTHING,
  });

  async start(partitions = 4): Promise<this> {
    const [, , gordoUrl, redis] = await Promise.all([
      this.timeseries.listen(),
      this.metadata.listen(),
      this.gordo.listen(),
      startPeer('redis', this.redisStateDir, { REDIS_PASSWORD: this.secrets['Redis password'] as string }),
    ]);
    this.gordoUrl = gordoUrl;
    this.redisPort = Number(redis['LATIGO_TEST_REDIS_PORT']);
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.admin.createTopics({
      topics: [
        { topic: this.topic, numPartitions: partitions, replicationFactor: 1 },
        { topic: this.deadLetterTopic, numPartitions: 1, replicationFactor: 1 },
      ],
      waitForLeaders: true,
    });
    return this;
  }

  /** The task queue section every app of the scenario uses (the connection string holds a planted secret). */
  taskQueueSection(): Section {
    return {
      connection_string: requirePeerEnv('LATIGO_TEST_KAFKA_CONNECTION_STRING'),
      'ssl.ca.location': requirePeerEnv('LATIGO_TEST_KAFKA_CA_FILE'),
      topic: this.topic,
      dead_letter_topic: this.deadLetterTopic,
      'group.id': this.groupId,
    };
  }

  cacheSection(keyPrefix = `${this.topic}:`): Section {
    return {
      host: '127.0.0.1',
      port: this.redisPort,
      password: this.secrets['Redis password'],
      tls: false,
      key_prefix: keyPrefix,
    };
  }

  /** An executor override file: fast retries, JSON predictions (so the proxy can mangle them), planted secrets. */
  executorConfigFile(overrides: Record<string, Section> = {}): string {
    const gordo = `${this.gordoUrl}/gordo/v0/`;
    const auth = {
      method: 'none',
      client_secret: this.secrets['client secret'],
      auto_adding_headers: { 'Ocp-Apim-Subscription-Key': this.secrets['APIM subscription key'] },
    };
    const base: Record<string, Section> = {
      executor: {
        concurrency: 4,
        request_timeout: '5s',
        task_deadline: '60s',
        retry: { max_attempts: 3, initial_delay: '100ms', max_delay: '1s' },
      },
      task_queue: this.taskQueueSection(),
      cache: this.cacheSection(),
      model_info: { connection_string: gordo, n_retries: 2 },
      predictor: { connection_string: gordo, use_parquet: false, n_retries: 2 },
      sensor_data: { base_url: this.timeseries.baseUrl('v1.6'), auth },
      prediction_storage: { base_url: this.timeseries.baseUrl('v1.6'), auth },
      prediction_metadata_storage: { base_url: this.metadata.url },
      logging: { level: 'info' },
      server: { host: '127.0.0.1', port: 0, shutdown_timeout_ms: 20_000 },
    };
    const merged = { ...base };
    for (const [section, values] of Object.entries(overrides))
      merged[section] = { ...base[section], ...values };
    return this.writeFile(`executor-${++counter}.yaml`, stringify(merged));
  }

  /** A scheduler override file: the `scheduler` section given, the real Gordo, the world's queue and Redis. */
  schedulerConfigFile(scheduler: Section): string {
    const config = {
      scheduler,
      task_queue: this.taskQueueSection(),
      cache: this.cacheSection(),
      model_info: { connection_string: `${requirePeerEnv('LATIGO_TEST_GORDO_URL')}/gordo/v0/`, n_retries: 0 },
      logging: { level: 'info' },
      server: { host: '127.0.0.1', port: 0 },
    };
    return this.writeFile(`scheduler-${++counter}.yaml`, stringify(config));
  }

  writeFile(name: string, text: string): string {
    const file = join(this.dir, name);
    writeFileSync(file, text);
    return file;
  }

  /** The suite's own producer (and dead-letter reader), through the task queue library. */
  taskQueue(): TaskQueue {
    this.queue ??= createTaskQueue(
      taskQueueSectionSchema.parse({
        type: 'kafka',
        'bootstrap.servers': requirePeerEnv('LATIGO_TEST_KAFKA_BROKERS'),
        topic: this.topic,
        dead_letter_topic: this.deadLetterTopic,
        'group.id': `${this.groupId}-suite`,
      }),
    );
    return this.queue;
  }

  /** Raw messages (bad input), keyed so their dead letters can be matched back. */
  async produceRaw(messages: { key: string; value: string | Buffer }[]): Promise<void> {
    const producer = this.kafka.producer();
    await producer.connect();
    await producer.send({ topic: this.topic, acks: -1, messages });
    await producer.disconnect();
  }

  /** Whether the executors' group committed everything on the task topic. */
  async drained(): Promise<boolean> {
    const admin = this.admin as Admin;
    const [[committed], ends] = await Promise.all([
      admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] }),
      admin.fetchTopicOffsets(this.topic),
    ]);
    const done = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    return ends.every((e) => Number(e.high) === 0 || done.get(e.partition) === Number(e.high));
  }

  async close(): Promise<void> {
    await this.queue?.close().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    await Promise.all([this.timeseries.close(), this.metadata.close(), this.gordo.close()]);
    await stopPeer('redis', this.redisStateDir);
  }
}

/** Tasks of `models` over consecutive `minutes`-long windows ending before the emulator's data ends. */
export function tasksFor(
  models: readonly string[],
  windows: number,
  minutes = 30,
  project = PROJECT,
): Task[] {
  const first = DATA_END - 24 * 3600_000 - windows * minutes * 60_000;
  return Array.from({ length: windows }, (_, w) =>
    models.map((model) =>
      createTask({
        projectName: project,
        modelName: model,
        fromTime: new Date(first + w * minutes * 60_000),
        toTime: new Date(first + (w + 1) * minutes * 60_000),
      }),
    ),
  ).flat();
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
