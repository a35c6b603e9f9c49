import type { TaskQueueSectionConfig } from '@latigo/config-loader';
import type { Logger } from '@latigo/observability';
import type { Registry } from 'prom-client';
import { createKafkaTaskQueue } from './kafka/kafka-task-queue';
import { kafkaSettingsFromConfig } from './kafka/kafka-settings';
import type { MemoryBroker } from './memory/memory-broker';
import { createMemoryTaskQueue } from './memory/memory-task-queue';
import type { TaskQueue } from './task-queue';

export interface CreateTaskQueueDeps {
  readonly logger?: Logger;
  /** The app's metrics registry (served on `/metrics`). */
  readonly metrics?: Registry;
  /** `type: memory` only: the broker shared by the scheduler and executor of one process. */
  readonly memoryBroker?: MemoryBroker;
  /** Consumer group when `group.id` is not configured. Default `latigo-executor`. */
  readonly defaultGroupId?: string;
}

/**
 * The task queue the `task_queue` section describes: `kafka` (Event Hubs or any Kafka) or
 * `memory`. The composition root calls this; nothing else needs to know which one it got.
 * @throws TaskQueueError `TASK_QUEUE_CONFIG_INVALID`
 */
export function createTaskQueue(section: TaskQueueSectionConfig, deps: CreateTaskQueueDeps = {}): TaskQueue {
  if (section.type === 'memory') {
    return createMemoryTaskQueue({
      ...(deps.memoryBroker ? { broker: deps.memoryBroker } : {}),
      ...(section.topic ? { topic: section.topic } : {}),
      ...(section.dead_letter_topic ? { deadLetterTopic: section.dead_letter_topic } : {}),
      ...(section['group.id'] ? { groupId: section['group.id'] } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    });
  }
  const settings = kafkaSettingsFromConfig(section, {
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.defaultGroupId ? { defaultGroupId: deps.defaultGroupId } : {}),
  });
  return createKafkaTaskQueue({
    settings,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
}
