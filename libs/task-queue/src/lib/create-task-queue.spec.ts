import { taskQueueSectionSchema } from '@latigo/config-loader';
import { createTaskQueue } from './create-task-queue';
import { MemoryBroker } from './memory/memory-broker';
import { makeTasks, waitFor } from './testing/tasks.test-helpers';

describe('createTaskQueue', () => {
  it('gives the scheduler and executor of one process one in-memory queue for type memory', async () => {
    const broker = new MemoryBroker();
    const section = taskQueueSectionSchema.parse({ type: 'memory', topic: 'tasks' });
    const scheduler = createTaskQueue(section, { memoryBroker: broker });
    const executor = createTaskQueue(section, { memoryBroker: broker });
    await scheduler.enqueue(makeTasks(3, 3));
    const seen: string[] = [];
    const consumer = executor.consumer();
    await consumer.run(async (task) => void seen.push(task.taskId));
    await waitFor('three tasks', () => seen.length === 3);
    await consumer.drain(1_000);
    expect(executor.deadLetterTopic).toBe('tasks.dlq');
  });

  it('builds the Kafka adapter for type kafka without connecting', async () => {
    const queue = createTaskQueue(
      taskQueueSectionSchema.parse({
        type: 'kafka',
        connection_string:
          'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=n;SharedAccessKey=k;EntityPath=hub',
      }),
    );
    expect([queue.topic, queue.deadLetterTopic]).toEqual(['hub', 'hub.dlq']);
    await queue.close();
  });
});
