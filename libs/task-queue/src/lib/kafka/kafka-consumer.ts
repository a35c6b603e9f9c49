import type { Logger } from '@latigo/observability';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { ConsumerEngine } from '../consumer/consumer-engine';
import { compileRetryPolicy } from '../consumer/retry-policy';
import type { DeadLetterMessage } from '../dead-letter';
import { TaskQueueError } from '../errors';
import type { LagSample, TaskQueueMetrics } from '../metrics';
import type { DrainResult, RunOptions, TaskConsumer, TaskHandler } from '../task-queue';
import { secretsOf } from './kafka-client';
import { toTaskQueueError } from './kafka-errors';
import { feedBatch } from './feed-batch';
import type { KafkaSettings } from './kafka-settings';

export interface KafkaConsumerDeps {
  readonly kafka: Kafka;
  readonly settings: KafkaSettings;
  readonly groupId: string;
  readonly logger: Logger;
  readonly metrics: TaskQueueMetrics;
  /** Publishes a dead letter (the queue's producer), resolving once acknowledged. */
  readonly deadLetter: (message: DeadLetterMessage) => Promise<void>;
  /** The queue's admin client (lag metric). */
  readonly admin: () => Promise<Admin>;
}

/**
 * The Kafka consumer: kafkajs fetches, the shared engine runs the tasks. `eachBatch` hands records
 * over and returns at once, so fetching and heartbeats go on while tasks run; when the engine is
 * full it holds the batch (backpressure) and keeps heartbeating. Offsets are resolved (the fetch
 * position) as records are handed over, but committed only by the engine.
 */
export class KafkaTaskConsumer implements TaskConsumer {
  readonly stopped: Promise<void>;
  private resolveStopped!: () => void;
  private rejectStopped!: (error: TaskQueueError) => void;
  private consumer: Consumer | undefined;
  private engine: ConsumerEngine | undefined;
  private assigned: number[] = [];
  private userPaused = false;
  private finished = false;
  private removeLagSource: (() => void) | undefined;

  constructor(private readonly deps: KafkaConsumerDeps) {
    this.stopped = new Promise((resolve, reject) => {
      this.resolveStopped = resolve;
      this.rejectStopped = reject;
    });
    // Nobody may be listening yet; the rejection is still delivered to later listeners.
    this.stopped.catch(() => undefined);
  }

  async run(handler: TaskHandler, options: RunOptions = {}): Promise<void> {
    if (this.consumer || this.finished) {
      throw new TaskQueueError('TASK_QUEUE_INVALID_STATE', 'run() was already called on this consumer');
    }
    const { kafka, settings, groupId, logger } = this.deps;
    const topic = settings.topic;
    const concurrency = options.concurrency ?? 1;
    const retry = compileRetryPolicy(options.retry);
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      rebalanceTimeout: settings.rebalanceTimeoutMs,
      metadataMaxAge: settings.metadataMaxAgeMs,
      maxWaitTimeInMs: settings.maxWaitTimeMs,
      allowAutoTopicCreation: false,
      retry: { ...settings.retry },
    });
    this.consumer = consumer;
    const engine = new ConsumerEngine({
      handler,
      concurrency,
      prefetch: options.prefetch ?? concurrency,
      retry,
      commitIntervalMs: settings.commitIntervalMs,
      logger,
      metrics: this.deps.metrics,
      ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
      transport: {
        commit: async (offsets) => {
          try {
            await consumer.commitOffsets(
              offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset })),
            );
          } catch (error) {
            throw toTaskQueueError(error, 'commit', { topic, secrets: secretsOf(settings) });
          }
        },
        deadLetter: this.deps.deadLetter,
      },
    });
    this.engine = engine;

    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned = [...(payload.memberAssignment[topic] ?? [])];
      engine.retainPartitions(this.assigned.map((partition) => ({ topic, partition })));
      logger.info('joined the consumer group', { group: groupId, topic, partitions: this.assigned });
      // A restarted kafkajs consumer forgets pauses.
      if (this.userPaused) consumer.pause([{ topic }]);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) {
        logger.warn('Kafka consumer crashed; kafkajs restarts it', { error: payload.error.message });
        return;
      }
      const error = toTaskQueueError(payload.error, 'consume', { topic, secrets: secretsOf(settings) });
      logger.error('Kafka consumer stopped for good', { code: error.code, error: error.message });
      void this.fail(error);
    });

    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: settings.fromBeginning });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.onBatch(payload),
      });
    } catch (error) {
      this.finished = true;
      engine.abort();
      await consumer.disconnect().catch(() => undefined);
      const failure = toTaskQueueError(error, 'connect', {
        topic,
        brokers: settings.brokers,
        secrets: secretsOf(settings),
      });
      this.rejectStopped(failure);
      throw failure;
    }
    this.removeLagSource = this.deps.metrics.addLagSource(() => this.lag());
  }

  pause(): void {
    this.userPaused = true;
    this.consumer?.pause([{ topic: this.deps.settings.topic }]);
  }

  resume(): void {
    this.userPaused = false;
    this.consumer?.resume([{ topic: this.deps.settings.topic }]);
  }

  async drain(deadlineMs = 30_000): Promise<DrainResult> {
    if (!this.consumer || !this.engine || this.finished) return { abandoned: 0, timedOut: false };
    this.finished = true;
    // Stop fetching first; the consumer stays in the group so that the final commit is accepted.
    this.consumer.pause([{ topic: this.deps.settings.topic }]);
    const result = await this.engine.drain(deadlineMs);
    await this.shutdown();
    this.resolveStopped();
    this.deps.logger.info('consumer drained', { ...result });
    return result;
  }

  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.engine?.abort();
    await this.shutdown();
    this.resolveStopped();
  }

  private async fail(error: TaskQueueError): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.engine?.abort();
    await this.shutdown();
    this.rejectStopped(
      new TaskQueueError(
        'TASK_QUEUE_CONSUMER_FAILED',
        `Task consumer stopped: ${error.message}`,
        error.context,
        {
          cause: error,
        },
      ),
    );
  }

  private async shutdown(): Promise<void> {
    this.removeLagSource?.();
    await this.consumer?.disconnect().catch((error: unknown) => {
      this.deps.logger.warn('Kafka consumer disconnect failed', { error: (error as Error).message });
    });
  }

  private onBatch(payload: EachBatchPayload): Promise<void> {
    return feedBatch(this.engine as ConsumerEngine, payload, this.deps.settings.heartbeatIntervalMs);
  }

  /** End offset minus committed offset of every partition this consumer holds. */
  private async lag(): Promise<LagSample[]> {
    if (this.assigned.length === 0 || this.finished) return [];
    const { settings, groupId } = this.deps;
    const admin = await this.deps.admin();
    const [committed, ends] = await Promise.all([
      admin.fetchOffsets({ groupId, topics: [settings.topic] }),
      admin.fetchTopicOffsets(settings.topic),
    ]);
    const committedByPartition = new Map(
      (committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)] as const),
    );
    return this.assigned.flatMap((partition) => {
      const end = ends.find((e) => e.partition === partition);
      if (!end) return [];
      const done = committedByPartition.get(partition) ?? -1n;
      const start = done >= 0n ? done : settings.fromBeginning ? BigInt(end.low) : BigInt(end.high);
      return [{ group: groupId, topic: settings.topic, partition, lag: Number(BigInt(end.high) - start) }];
    });
  }
}
