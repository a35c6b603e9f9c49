import { noopLogger, type Logger } from '@latigo/observability';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { kafkajs } from './kafkajs';
import { Registry } from 'prom-client';
import { readDeadLetter, type DeadLetterMessage } from '../dead-letter';
import { SnapshotDeadLetterStore } from '../dead-letter-store';
import { enqueueInRequests } from '../enqueue-tasks';
import { TaskQueueError } from '../errors';
import { TaskQueueMetrics } from '../metrics';
import type { Task } from '../task';
import type { DeadLetterStore, EnqueueResult, TaskConsumer, TaskQueue } from '../task-queue';
import { createKafkaClient, secretsOf } from './kafka-client';
import { KafkaTaskConsumer } from './kafka-consumer';
import { toTaskQueueError } from './kafka-errors';
import type { KafkaSettings } from './kafka-settings';
import { readTopicSnapshot } from './kafka-topic-reader';
import { PRODUCE_API_KEY, probingSocketFactory } from './socket-probe';

export interface KafkaTaskQueueOptions {
  readonly settings: KafkaSettings;
  readonly logger?: Logger;
  /** Where the metrics go (e.g. the app's `/metrics` registry); default a private registry. */
  readonly metrics?: Registry;
  /** Sees every Produce request written to a broker socket (its size on the wire): for tests and diagnostics. */
  readonly onProduceRequest?: (request: { bytes: number }) => void;
}

/** The Kafka (and Azure Event Hubs) adapter of the task queue, on kafkajs. */
export function createKafkaTaskQueue(options: KafkaTaskQueueOptions): TaskQueue {
  return new KafkaTaskQueue(options);
}

class KafkaTaskQueue implements TaskQueue {
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly deadLetters: DeadLetterStore;
  private readonly settings: KafkaSettings;
  private readonly kafka: Kafka;
  private readonly logger: Logger;
  private readonly metrics: TaskQueueMetrics;
  private producerReady: Promise<Producer> | undefined;
  private adminReady: Promise<Admin> | undefined;
  private readonly consumers = new Set<TaskConsumer>();
  private closed = false;

  constructor(options: KafkaTaskQueueOptions) {
    this.settings = options.settings;
    this.topic = this.settings.topic;
    this.deadLetterTopic = this.settings.deadLetterTopic;
    this.logger = (options.logger ?? noopLogger).child({ component: 'task-queue', adapter: 'kafka' });
    const onRequest = options.onProduceRequest;
    const probe = onRequest
      ? probingSocketFactory((apiKey, bytes) => apiKey === PRODUCE_API_KEY && onRequest({ bytes }))
      : undefined;
    this.kafka = createKafkaClient(this.settings, this.logger, probe);
    this.metrics = TaskQueueMetrics.for(options.metrics ?? new Registry());
    this.deadLetters = new SnapshotDeadLetterStore(
      async () => {
        const admin = await this.admin();
        const messages = await readTopicSnapshot(
          this.kafka,
          admin,
          this.settings,
          this.deadLetterTopic,
        ).catch((error: unknown) => {
          throw this.error(error, 'admin', this.deadLetterTopic);
        });
        return messages.map((m) =>
          readDeadLetter(
            { topic: this.deadLetterTopic, partition: m.partition, offset: m.offset },
            m.key,
            m.value,
            m.headers,
          ),
        );
      },
      (tasks) => this.enqueue(tasks),
    );
  }

  async enqueue(tasks: readonly Task[]): Promise<EnqueueResult> {
    this.assertOpen();
    if (tasks.length === 0) return { tasks: 0, requests: 0 };
    const producer = await this.producer();
    return enqueueInRequests(tasks, {
      topic: this.topic,
      clientId: this.settings.clientId,
      maxRequestBytes: this.settings.maxRequestBytes,
      metrics: this.metrics,
      send: async (messages) => {
        try {
          await producer.send({
            topic: this.topic,
            acks: -1,
            timeout: this.settings.requestTimeoutMs,
            messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })),
          });
        } catch (error) {
          throw this.error(error, 'produce', this.topic);
        }
      },
    });
  }

  consumer(options: { groupId?: string } = {}): TaskConsumer {
    this.assertOpen();
    const consumer = new KafkaTaskConsumer({
      kafka: this.kafka,
      settings: this.settings,
      groupId: options.groupId ?? this.settings.groupId,
      logger: this.logger,
      metrics: this.metrics,
      deadLetter: (message) => this.publishDeadLetter(message),
      admin: () => this.admin(),
    });
    this.consumers.add(consumer);
    void consumer.stopped.then(
      () => this.consumers.delete(consumer),
      () => this.consumers.delete(consumer),
    );
    return consumer;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((c) => c.abort()));
    const producer = this.producerReady?.catch(() => undefined);
    const admin = this.adminReady?.catch(() => undefined);
    await Promise.all([
      producer?.then((p) => p?.disconnect()).catch(() => undefined),
      admin?.then((a) => a?.disconnect()).catch(() => undefined),
    ]);
  }

  private async publishDeadLetter(message: DeadLetterMessage): Promise<void> {
    const producer = await this.producer();
    try {
      await producer.send({
        topic: this.deadLetterTopic,
        acks: -1,
        timeout: this.settings.requestTimeoutMs,
        messages: [{ key: message.key, value: message.value, headers: message.headers }],
      });
    } catch (error) {
      throw this.error(error, 'produce', this.deadLetterTopic);
    }
  }

  /** The shared producer, connected on first use (a failed connect is retried on the next call). */
  private producer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      const producer = this.kafka.producer({
        allowAutoTopicCreation: this.settings.allowAutoTopicCreation,
        createPartitioner: kafkajs().Partitioners.DefaultPartitioner, // murmur2, as the Java client: one key, one partition
        metadataMaxAge: this.settings.metadataMaxAgeMs,
        retry: { ...this.settings.retry },
      });
      try {
        await producer.connect();
      } catch (error) {
        throw this.error(error, 'connect', this.topic);
      }
      return producer;
    })();
    this.producerReady.catch(() => (this.producerReady = undefined));
    return this.producerReady;
  }

  private admin(): Promise<Admin> {
    this.adminReady ??= (async () => {
      const admin = this.kafka.admin({ retry: { ...this.settings.retry } });
      try {
        await admin.connect();
      } catch (error) {
        throw this.error(error, 'connect', this.topic);
      }
      return admin;
    })();
    this.adminReady.catch(() => (this.adminReady = undefined));
    return this.adminReady;
  }

  private error(error: unknown, operation: 'connect' | 'produce' | 'admin', topic: string): TaskQueueError {
    return toTaskQueueError(error, operation, {
      topic,
      brokers: this.settings.brokers,
      secrets: secretsOf(this.settings),
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new TaskQueueError('TASK_QUEUE_INVALID_STATE', 'The task queue is closed');
  }
}
