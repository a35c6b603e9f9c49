import { randomUUID } from 'node:crypto';
import type { Admin, IHeaders, Kafka } from 'kafkajs';
import { TaskQueueError } from '../errors';
import type { KafkaSettings } from './kafka-settings';

/** One message read back from a topic. */
export interface ReadMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
}

/**
 * Reads every message of `topic` up to its end offsets at the time of the call, through a
 * throwaway consumer group that commits nothing (kafkajs has no group-less consumer).
 */
export async function readTopicSnapshot(
  kafka: Kafka,
  admin: Admin,
  settings: KafkaSettings,
  topic: string,
): Promise<ReadMessage[]> {
  const ends = await admin.fetchTopicOffsets(topic);
  const remaining = new Map(
    ends.filter((e) => BigInt(e.high) > BigInt(e.low)).map((e) => [e.partition, BigInt(e.high)] as const),
  );
  if (remaining.size === 0) return [];
  const groupId = `${settings.groupId}.reader.${randomUUID()}`;
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: settings.sessionTimeoutMs,
    heartbeatInterval: settings.heartbeatIntervalMs,
    maxWaitTimeInMs: 500,
    allowAutoTopicCreation: false,
    retry: { ...settings.retry },
  });
  const messages: ReadMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TaskQueueError(
              'TASK_QUEUE_CONNECTION_FAILED',
              `Reading ${topic} did not reach its end offsets in time`,
              {
                topic,
                operation: 'read',
              },
            ),
          ),
        settings.requestTimeoutMs * 2,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = remaining.get(batch.partition);
            if (end === undefined) return;
            for (const m of batch.messages) {
              if (BigInt(m.offset) >= end) break;
              messages.push({
                partition: batch.partition,
                offset: m.offset,
                key: m.key,
                value: m.value,
                headers: m.headers ?? {},
              });
            }
            // lastOffset() counts control records too, which never reach eachBatch.
            if (BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(batch.partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined); // Event Hubs may not support it; the group is empty anyway
  }
  return messages.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
}
