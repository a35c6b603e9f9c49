import { Registry } from 'prom-client';
import { describeTaskQueueConformance } from '../testing/conformance.test-helpers';
import { MemoryBroker } from './memory-broker';
import { createMemoryTaskQueue } from './memory-task-queue';

let topics = 0;

describeTaskQueueConformance('memory', {
  async create({ partitions }) {
    const broker = new MemoryBroker();
    const topic = `tasks-${++topics}`;
    const groupId = `group-${topics}`;
    const metrics = new Registry();
    const sizes: number[] = [];
    const commitIntervalMs = 50;
    const queue = createMemoryTaskQueue({
      broker,
      topic,
      partitions,
      groupId,
      commitIntervalMs,
      metrics,
      onProduceRequest: ({ bytes }) => sizes.push(bytes),
    });
    const byPartition = (read: (p: number) => bigint | undefined) => {
      const result = new Map<number, bigint>();
      for (let p = 0; p < broker.partitionCount(topic); p++) {
        const value = read(p);
        if (value !== undefined) result.set(p, value);
      }
      return result;
    };
    return {
      queue,
      groupId,
      metrics,
      commitIntervalMs,
      produceRaw: async (value, partition = 0) => broker.produceRaw(topic, value, partition),
      committed: async () => byPartition((p) => broker.committed(groupId, p)),
      endOffsets: async () => byPartition((p) => broker.endOffset(topic, p)),
      produceRequestSizes: () => sizes,
      dispose: () => queue.close(),
    };
  },
});
