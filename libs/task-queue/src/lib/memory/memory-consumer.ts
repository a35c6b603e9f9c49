import type { Logger } from '@latigo/observability';
import { ConsumerEngine } from '../consumer/consumer-engine';
import { compileRetryPolicy } from '../consumer/retry-policy';
import { TaskQueueError } from '../errors';
import type { TaskQueueMetrics } from '../metrics';
import type { DrainResult, RunOptions, TaskConsumer, TaskHandler } from '../task-queue';
import type { MemoryBroker, MemoryGroupMember } from './memory-broker';

export interface MemoryConsumerOptions {
  readonly broker: MemoryBroker;
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly groupId: string;
  readonly commitIntervalMs: number;
  readonly logger: Logger;
  readonly metrics: TaskQueueMetrics;
}

/**
 * A consumer on the {@link MemoryBroker}: the shared engine fed from the partitions the group gives
 * it, reading from the committed offset, so whatever it did not commit goes to the next member.
 */
export class MemoryTaskConsumer implements TaskConsumer {
  readonly stopped: Promise<void>;
  private resolveStopped!: () => void;
  private engine: ConsumerEngine | undefined;
  private readonly positions = new Map<number, bigint>();
  private paused = false;
  private finished = false;
  private wakeVersion = 0;
  private wakers: (() => void)[] = [];
  private nextPartition = 0;
  private unsubscribe: (() => void) | undefined;
  private removeLagSource: (() => void) | undefined;
  private readonly member: MemoryGroupMember = {
    assigned: (partitions) => {
      // Like a Kafka rejoin: positions restart from the committed offsets.
      this.positions.clear();
      for (const p of partitions) {
        this.positions.set(p, this.options.broker.committed(this.options.groupId, p) ?? 0n);
      }
      this.engine?.retainPartitions(
        partitions.map((partition) => ({ topic: this.options.topic, partition })),
      );
      this.wake();
    },
  };

  constructor(private readonly options: MemoryConsumerOptions) {
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
  }

  async run(handler: TaskHandler, options: RunOptions = {}): Promise<void> {
    if (this.engine || this.finished) {
      throw new TaskQueueError('TASK_QUEUE_INVALID_STATE', 'run() was already called on this consumer');
    }
    const { broker, topic, deadLetterTopic, groupId } = this.options;
    const concurrency = options.concurrency ?? 1;
    this.engine = new ConsumerEngine({
      handler,
      concurrency,
      prefetch: options.prefetch ?? concurrency,
      retry: compileRetryPolicy(options.retry),
      commitIntervalMs: this.options.commitIntervalMs,
      logger: this.options.logger,
      metrics: this.options.metrics,
      ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
      transport: {
        commit: async (offsets) => broker.commit(groupId, offsets),
        deadLetter: async (message) => {
          broker.produce(deadLetterTopic, [
            { key: message.key?.toString() ?? null, value: message.value, headers: message.headers },
          ]);
        },
      },
    });
    broker.partitionCount(topic); // fails for a missing topic, as the Kafka consumer would
    this.unsubscribe = broker.onProduce((t) => t === topic && this.wake());
    this.removeLagSource = this.options.metrics.addLagSource(async () =>
      [...this.positions.keys()].map((partition) => ({
        group: groupId,
        topic,
        partition,
        lag: Number(broker.endOffset(topic, partition) - (broker.committed(groupId, partition) ?? 0n)),
      })),
    );
    broker.join(groupId, topic, this.member);
    void this.loop();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake();
  }

  async drain(deadlineMs = 30_000): Promise<DrainResult> {
    if (!this.engine || this.finished) return { abandoned: 0, timedOut: false };
    const result = await this.engine.drain(deadlineMs);
    this.stop();
    return result;
  }

  async abort(): Promise<void> {
    if (this.finished) return;
    this.engine?.abort();
    this.stop();
  }

  private stop(): void {
    this.finished = true;
    this.unsubscribe?.();
    this.removeLagSource?.();
    this.options.broker.leave(this.options.groupId, this.member);
    this.positions.clear();
    this.wake();
    this.resolveStopped();
  }

  /** Feeds the engine while it has room; waits for new records without polling. */
  private async loop(): Promise<void> {
    const engine = this.engine as ConsumerEngine;
    while (engine.running && !this.finished) {
      await engine.waitForCapacity();
      if (!engine.running || this.finished) break;
      const seen = this.wakeVersion;
      const next = this.paused ? undefined : this.nextRecord();
      if (!next) {
        await this.waitForWake(seen);
        continue;
      }
      const verdict = engine.accept(next.record);
      if (verdict === 'refused') break;
      this.positions.set(next.partition, next.record.offsetValue + 1n);
    }
  }

  /** The next record, taking partitions in turn so none starves. */
  private nextRecord() {
    const partitions = [...this.positions.keys()];
    for (let i = 0; i < partitions.length; i++) {
      const partition = partitions[(this.nextPartition + i) % partitions.length] as number;
      const position = this.positions.get(partition) as bigint;
      const [record] = this.options.broker.read(this.options.topic, partition, position, 1);
      if (record) {
        this.nextPartition = (this.nextPartition + i + 1) % partitions.length;
        return {
          partition,
          record: {
            topic: this.options.topic,
            partition,
            offset: String(record.offset),
            offsetValue: record.offset,
            key: record.key,
            value: record.value,
            headers: record.headers,
          },
        };
      }
    }
    return undefined;
  }

  private wake(): void {
    this.wakeVersion++;
    const wakers = this.wakers;
    this.wakers = [];
    for (const w of wakers) w();
  }

  private waitForWake(seen: number): Promise<void> {
    if (this.wakeVersion !== seen || this.finished) return Promise.resolve();
    return new Promise((resolve) => this.wakers.push(resolve));
  }
}
