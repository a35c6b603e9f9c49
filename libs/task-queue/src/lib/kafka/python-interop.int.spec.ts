import { createTask, type Task } from '../task';
import { encodeTask } from '../task-codec';
import { eventHubsSection, KafkaTestBroker, uniqueName } from '../testing/kafka-peer.test-helpers';
import { runOriginalClient } from '../testing/python-kafka.test-helpers';
import { waitFor } from '../testing/tasks.test-helpers';
import { createKafkaTaskQueue } from './kafka-task-queue';
import { kafkaSettingsFromConfig } from './kafka-settings';

// Integration: wire compatibility with the Python Latigo both ways, through the real broker and
// the client the original used (confluent-kafka), so a fleet can migrate one app at a time.
describe('wire compatibility with the Python Latigo (confluent-kafka)', () => {
  const broker = new KafkaTestBroker();
  afterAll(() => broker.close());

  const queueOn = async (topic: string) => {
    await broker.createTopics([
      { topic, partitions: 2 },
      { topic: `${topic}.dlq`, partitions: 1 },
    ]);
    return createKafkaTaskQueue({
      settings: {
        ...kafkaSettingsFromConfig(eventHubsSection({ topic, 'group.id': `${topic}.executor` })),
        commitIntervalMs: 100,
      },
    });
  };

  it('consumes and decodes a task the original scheduler produced (epoch seconds, no key, no headers)', async () => {
    const topic = uniqueName('from-python');
    const queue = await queueOn(topic);
    try {
      const sent = (
        await runOriginalClient(['produce', topic, 'ioc-1000', 'pump-7', '1586502001', '1586503801.5'])
      ).trim();
      expect(sent).toBe(
        '{"project_name": "ioc-1000", "model_name": "pump-7", "from_time": 1586502001.0, "to_time": 1586503801.5}',
      );

      const received: Task[] = [];
      const consumer = queue.consumer();
      await consumer.run(async (task) => void received.push(task));
      await waitFor('the Python task', () => received.length === 1);
      await consumer.drain(5_000);
      expect(received[0]).toEqual(
        createTask({
          projectName: 'ioc-1000',
          modelName: 'pump-7',
          fromTime: new Date('2020-04-10T07:00:01Z'),
          toTime: new Date('2020-04-10T07:30:01.500Z'),
        }),
      );
      // What we send starts with exactly what the original sends; our fields follow.
      expect(encodeTask(received[0] as Task).startsWith(sent.slice(0, -1) + ', "task_id": ')).toBe(true);
      expect(await queue.deadLetters.list()).toEqual([]);
    } finally {
      await queue.close();
    }
  }, 60_000);

  it('produces tasks the original executor decodes (extra fields ignored)', async () => {
    const topic = uniqueName('to-python');
    const queue = await queueOn(topic);
    try {
      const task = createTask({
        projectName: 'ioc-1000',
        modelName: 'pump-7',
        fromTime: new Date('2020-04-10T07:00:00Z'),
        toTime: new Date('2020-04-10T07:30:00.250Z'),
        attempt: 2,
        scheduledAt: new Date('2020-04-10T10:30:00Z'),
        revision: '1583238576000',
      });
      await queue.enqueue([task]);
      const lines = (await runOriginalClient(['consume', topic, uniqueName('python-executor'), '1']))
        .trim()
        .split('\n');
      expect(lines.map((l) => JSON.parse(l))).toEqual([
        {
          project_name: 'ioc-1000',
          model_name: 'pump-7',
          from_time: '2020-04-10T07:00:00+00:00',
          to_time: '2020-04-10T07:30:00.250000+00:00',
          key: 'ioc-1000/pump-7',
        },
      ]);
    } finally {
      await queue.close();
    }
  }, 60_000);
});
