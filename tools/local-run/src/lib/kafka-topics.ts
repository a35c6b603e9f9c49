import type { TaskQueueSectionConfig } from '@latigo/config-loader';
import { noopLogger } from '@latigo/observability';
import { createKafkaClient, kafkaSettingsFromConfig } from '@latigo/task-queue';

/**
 * Creates the task and dead-letter topics when they are missing (4 and 1 partitions, like the
 * memory queue): the apps never create topics (production topics are provisioned, Event Hubs
 * cannot do it from a client), but a broker started by tools/peers is empty. Returns why it could
 * not, for the terminal; the apps then report the missing topic themselves.
 */
export async function ensureKafkaTopics(section: TaskQueueSectionConfig): Promise<string | undefined> {
  const settings = kafkaSettingsFromConfig(section);
  // The queue's own client (TLS, SASL, timeouts), with its logs dropped: failures are returned.
  const kafka = createKafkaClient(
    { ...settings, clientId: `${settings.clientId}-topics`, retry: { ...settings.retry, retries: 2 } },
    noopLogger,
  );
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const wanted = [
      { topic: settings.topic, numPartitions: 4 },
      { topic: settings.deadLetterTopic, numPartitions: 1 },
    ].filter((t) => !existing.has(t.topic));
    if (wanted.length > 0) await admin.createTopics({ topics: wanted, waitForLeaders: true });
    return undefined;
  } catch (error) {
    return `could not check or create the topics ${settings.topic} and ${settings.deadLetterTopic}: ${(error as Error).message}`;
  } finally {
    await admin.disconnect();
  }
}
