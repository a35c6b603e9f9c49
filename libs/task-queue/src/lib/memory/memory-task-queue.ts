import { noopLogger, type Logger } from '@latigo/observability';
import { Registry } from 'prom-client';
import { readDeadLetter } from '../dead-letter';
import { SnapshotDeadLetterStore } from '../dead-letter-store';
import { enqueueInRequests } from '../enqueue-tasks';
import { TaskQueueError } from '../errors';
import { TaskQueueMetrics } from '../metrics';
import { DEFAULT_MAX_REQUEST_BYTES } from '../produce-requests';
import type { Task } from '../task';
import type { DeadLetter, DeadLetterStore, EnqueueResult, TaskConsumer, TaskQueue } from '../task-queue';
import { MemoryBroker } from './memory-broker';
import { MemoryTaskConsumer } from './memory-consumer';

export interface MemoryTaskQueueOptions {
  /** Share one broker between the queues of one process (scheduler and executor side by side). */
  readonly broker?: MemoryBroker;
  /** Default `latigo-tasks`. */
  readonly topic?: string;
  /** Default `<topic>.dlq`. */
  readonly deadLetterTopic?: string;
  /** Partitions of the topic when this call creates it. Default 4. */
  readonly partitions?: number;
  /** Default `latigo-executor`. */
  readonly groupId?: string;
  readonly maxRequestBytes?: number;
  /** Default 100 ms. */
  readonly commitIntervalMs?: number;
  readonly logger?: Logger;
  /** Where the metrics go (e.g. the app's `/metrics` registry); default a private registry. */
  readonly metrics?: Registry;
  /** Sees every produce request (size upper bound, message count): for tests and diagnostics. */
  readonly onProduceRequest?: (request: { bytes: number; messages: number }) => void;
}

/** The in-process queue: the embedded default, with the same semantics as the Kafka adapter. */
export function createMemoryTaskQueue(options: MemoryTaskQueueOptions = {}): TaskQueue {
  return new MemoryTaskQueue(options);
}

class MemoryTaskQueue implements TaskQueue {
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly deadLetters: DeadLetterStore;
  private readonly broker: MemoryBroker;
  private readonly logger: Logger;
  private readonly metrics: TaskQueueMetrics;
  private readonly consumers = new Set<TaskConsumer>();
  private closed = false;

  constructor(private readonly options: MemoryTaskQueueOptions) {
    this.broker = options.broker ?? new MemoryBroker();
    this.topic = options.topic ?? 'latigo-tasks';
    this.deadLetterTopic = options.deadLetterTopic ?? `${this.topic}.dlq`;
    this.broker.createTopic(this.topic, options.partitions ?? 4);
    this.broker.createTopic(this.deadLetterTopic, 1);
    this.logger = (options.logger ?? noopLogger).child({ component: 'task-queue', adapter: 'memory' });
    this.metrics = TaskQueueMetrics.for(options.metrics ?? new Registry());
    this.deadLetters = new SnapshotDeadLetterStore(
      async () => this.readDeadLetters(),
      (tasks) => this.enqueue(tasks),
    );
  }

  async enqueue(tasks: readonly Task[]): Promise<EnqueueResult> {
    this.assertOpen();
    return enqueueInRequests(tasks, {
      topic: this.topic,
      maxRequestBytes: this.options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
      metrics: this.metrics,
      send: async (messages) => {
        const { bytes } = this.broker.produce(this.topic, messages);
        this.options.onProduceRequest?.({ bytes, messages: messages.length });
      },
    });
  }

  consumer(options: { groupId?: string } = {}): TaskConsumer {
    this.assertOpen();
    const consumer = new MemoryTaskConsumer({
      broker: this.broker,
      topic: this.topic,
      deadLetterTopic: this.deadLetterTopic,
      groupId: options.groupId ?? this.options.groupId ?? 'latigo-executor',
      commitIntervalMs: this.options.commitIntervalMs ?? 100,
      logger: this.logger,
      metrics: this.metrics,
    });
    this.consumers.add(consumer);
    void consumer.stopped.finally(() => this.consumers.delete(consumer));
    return consumer;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.consumers].map((c) => c.abort()));
  }

  private readDeadLetters(): DeadLetter[] {
    const letters: DeadLetter[] = [];
    for (let partition = 0; partition < this.broker.partitionCount(this.deadLetterTopic); partition++) {
      for (const record of this.broker.read(this.deadLetterTopic, partition, 0n)) {
        letters.push(
          readDeadLetter(
            { topic: this.deadLetterTopic, partition, offset: String(record.offset) },
            record.key,
            record.value,
            record.headers,
          ),
        );
      }
    }
    return letters;
  }

  private assertOpen(): void {
    if (this.closed) throw new TaskQueueError('TASK_QUEUE_INVALID_STATE', 'The task queue is closed');
  }
}
