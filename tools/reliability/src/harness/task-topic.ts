import { requirePeerEnv } from '@latigo/peers';
import { decodeTask, type Task } from '@latigo/task-queue';
import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from './world';

/**
 * Every task on a topic, from the beginning up to the end offsets at the time of the call, in a
 * consumer group of its own (the executors' group and offsets are untouched). Duplicates stay:
 * the caller counts them.
 */
export async function readTaskTopic(topic: string, timeoutMs = 30_000): Promise<Task[]> {
  const kafka = new Kafka({
    clientId: uniqueName('reliability-reader'),
    brokers: [requirePeerEnv('LATIGO_TEST_KAFKA_BROKERS')],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.map((e) => [e.partition, Number(e.high)]));
  const tasks: Task[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('reliability-reader'), maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const check = () => [...remaining.values()].every((high) => high <= 0) && done();
    check();
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        tasks.push(decodeTask(message.value));
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.set(partition, 0);
        check();
      },
    });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () =>
          reject(new Error(`reading ${topic}: ${tasks.length} tasks after ${timeoutMs} ms, not at the end`)),
        timeoutMs,
      ).unref(),
    );
    await Promise.race([finished, timeout]);
    return tasks;
  } finally {
    await consumer.disconnect();
  }
}
