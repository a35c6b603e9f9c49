import { decodeTask, type MemoryBroker, type Task } from '@latigo/task-queue';

/** Every task on a memory topic, in partition then offset order. */
export function tasksOn(broker: MemoryBroker, topic = 'latigo-tasks'): Task[] {
  const tasks: Task[] = [];
  for (let partition = 0; partition < broker.partitionCount(topic); partition++) {
    for (const record of broker.read(topic, partition, 0n)) tasks.push(decodeTask(record.value));
  }
  return tasks;
}

/** How many tasks each window start (ISO) has, sorted by window. */
export function countByWindow(tasks: readonly Task[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of [...tasks].sort((a, b) => a.fromTime.getTime() - b.fromTime.getTime())) {
    const key = t.fromTime.toISOString();
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
