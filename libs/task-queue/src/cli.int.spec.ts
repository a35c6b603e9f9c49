import { main } from './cli';
import { createTaskQueue } from './lib/create-task-queue';
import {
  eventHubsSection,
  KafkaTestBroker,
  peerEnv,
  uniqueName,
} from './lib/testing/kafka-peer.test-helpers';
import { makeTasks, waitFor } from './lib/testing/tasks.test-helpers';

// Integration: the CLI against the real broker, configured like an operator would (flags + the
// connection string in the environment).
describe('latigo-tasks dlq against Kafka', () => {
  const broker = new KafkaTestBroker();
  afterAll(() => broker.close());

  it('lists the dead letters and replays them to the task topic', async () => {
    const topic = uniqueName('cli');
    await broker.createTopics([
      { topic, partitions: 1 },
      { topic: `${topic}.dlq`, partitions: 1 },
    ]);
    const queue = createTaskQueue(eventHubsSection({ topic, 'group.id': `${topic}.executor` }));
    await queue.enqueue(makeTasks(2, 2));
    const consumer = queue.consumer();
    await consumer.run(async () => ({
      outcome: 'failed',
      reason: 'model gone',
      code: 'GORDO_GONE',
      retryable: false,
    }));
    await waitFor('two dead letters', async () => (await queue.deadLetters.list()).length === 2);
    await consumer.drain(5_000);
    await queue.close();

    const cli = async (...args: string[]) => {
      let stdout = '';
      const code = await main(
        [
          'node',
          'latigo-tasks',
          'dlq',
          ...args,
          '--bootstrap-servers',
          peerEnv('LATIGO_TEST_KAFKA_SSL_BROKERS'),
          '--topic',
          topic,
          '--ca-file',
          peerEnv('LATIGO_TEST_KAFKA_CA_FILE'),
        ],
        {
          stdout: (t) => void (stdout += t),
          stderr: (t) => void (stdout += t),
          env: { LATIGO_TASK_QUEUE_CONNECTION_STRING: peerEnv('LATIGO_TEST_KAFKA_CONNECTION_STRING') },
        },
      );
      return { code, stdout };
    };
    const listed = await cli('list', '--model', 'm1');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^0\/[01] {2}GORDO_GONE {2}attempts=1 {2}p\/m1\//);
    expect(listed.stdout).toContain(`1 dead letter(s) on ${topic}.dlq`);

    const replayed = await cli('replay');
    expect(replayed).toEqual({
      code: 0,
      stdout: `matched 2, replayed 2 to ${topic}, skipped 0 poison; to skip these next time: partition 0: --from-offset 2\n`,
    });
    expect(await broker.endOffsets(topic)).toEqual(new Map([[0, 4n]]));
  }, 60_000);
});
