import { requirePeerEnv } from '@latigo/peers';
import { decodeTask, type Task } from '@latigo/task-queue';
import { type Consumer, Kafka, logLevel } from 'kafkajs';

let counter = 0;
/** A name no other test uses (topics, consumer groups, Redis prefixes). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
}

/** A task as read back from the topic, with its Kafka key. */
export interface ReadTask {
  key: string | null;
  task: Task;
}

/**
 * A topic of the real broker (PLAINTEXT listener, outside the code under test), created with 4
 * partitions, and everything on it, read from the beginning as it arrives.
 */
export class TopicWatcher {
  readonly tasks: ReadTask[] = [];
  private readonly kafka = new Kafka({
    clientId: uniqueName('scheduler-test'),
    brokers: [requirePeerEnv('LATIGO_TEST_KAFKA_BROKERS')],
    logLevel: logLevel.NOTHING,
  });
  private consumer: Consumer | undefined;

  constructor(readonly topic: string) {}

  async start(): Promise<this> {
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: this.topic, numPartitions: 4, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    this.consumer = this.kafka.consumer({ groupId: uniqueName('watcher'), maxWaitTimeInMs: 200 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        this.tasks.push({ key: message.key?.toString() ?? null, task: decodeTask(message.value) });
      },
    });
    return this;
  }

  /** Resolves once `predicate` holds for the tasks read so far. */
  async waitFor(predicate: (tasks: ReadTask[]) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.tasks)) {
      if (Date.now() > deadline)
        throw new Error(`topic ${this.topic}: condition not met; ${this.tasks.length} tasks read`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Task ids per window start (ISO), each list sorted. */
  idsByWindow(): Map<string, string[]> {
    const byWindow = new Map<string, string[]>();
    for (const { task } of this.tasks) {
      const key = task.fromTime.toISOString();
      byWindow.set(key, [...(byWindow.get(key) ?? []), task.taskId].sort());
    }
    return new Map([...byWindow].sort(([a], [b]) => a.localeCompare(b)));
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
