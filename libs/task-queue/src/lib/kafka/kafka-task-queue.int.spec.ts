import { captureSpans } from '@latigo/observability/testing';
import { trace } from '@opentelemetry/api';
import { Registry } from 'prom-client';
import { describeTaskQueueConformance } from '../testing/conformance.test-helpers';
import { eventHubsSection, KafkaTestBroker, uniqueName } from '../testing/kafka-peer.test-helpers';
import { makeTasks, sleep, waitFor } from '../testing/tasks.test-helpers';
import { createKafkaTaskQueue } from './kafka-task-queue';
import { kafkaSettingsFromConfig } from './kafka-settings';

// Integration: the real Kafka broker (tools/peers), reached like Event Hubs: SASL_SSL, PLAIN as
// $ConnectionString, bootstrap and credentials from the connection string alone.
const broker = new KafkaTestBroker();
afterAll(() => broker.close());

describeTaskQueueConformance('kafka', {
  timeoutMs: 60_000,
  async create({ partitions }) {
    const topic = uniqueName('conformance');
    const groupId = `${topic}.executor`;
    await broker.createTopics([
      { topic, partitions },
      { topic: `${topic}.dlq`, partitions: 1 },
    ]);
    const commitIntervalMs = 100;
    const settings = {
      ...kafkaSettingsFromConfig(eventHubsSection({ topic, 'group.id': groupId })),
      commitIntervalMs,
      maxWaitTimeMs: 500, // quicker resume in tests; production keeps the long poll
    };
    const metrics = new Registry();
    const sizes: number[] = [];
    const queue = createKafkaTaskQueue({
      settings,
      metrics,
      onProduceRequest: ({ bytes }) => sizes.push(bytes),
    });
    return {
      queue,
      groupId,
      metrics,
      commitIntervalMs,
      produceRaw: async (value, partition = 0) => ({
        topic,
        ...(await broker.produceRaw(topic, value, partition)),
      }),
      committed: () => broker.committed(groupId, topic),
      endOffsets: () => broker.endOffsets(topic),
      produceRequestSizes: () => sizes,
      dispose: () => queue.close(),
    };
  },
  async withWrongCredentials() {
    const section = eventHubsSection({ topic: uniqueName('auth') });
    const wrong = (section.connection_string as string).replace(
      /SharedAccessKey=[^;]+/,
      'SharedAccessKey=d3JvbmcK',
    );
    return createKafkaTaskQueue({
      settings: { ...kafkaSettingsFromConfig({ ...section, connection_string: wrong }) },
    });
  },
});

describe('the Kafka consumer', () => {
  it('keeps its group membership while a task runs longer than the session timeout', async () => {
    const topic = uniqueName('heartbeat');
    const groupId = `${topic}.executor`;
    await broker.createTopics([{ topic, partitions: 1 }]);
    const queue = createKafkaTaskQueue({
      settings: {
        ...kafkaSettingsFromConfig(eventHubsSection({ topic, 'group.id': groupId })),
        sessionTimeoutMs: 6_000, // the broker's minimum
        heartbeatIntervalMs: 1_000,
        commitIntervalMs: 100,
      },
    });
    try {
      await queue.enqueue(makeTasks(3, 1));
      let finished = 0;
      const consumer = queue.consumer();
      // One slot and no prefetch: the fetch of the next tasks waits while the first one runs for 9 s.
      await consumer.run(
        async () => {
          if (finished === 0) await sleep(9_000);
          finished++;
        },
        { concurrency: 1, prefetch: 0 },
      );
      const members = await broker.groupMembers(groupId);
      expect(members).toHaveLength(1);
      await waitFor('the three tasks', () => finished === 3, 30_000);
      expect(await broker.groupMembers(groupId)).toEqual(members);
      await consumer.drain(5_000);
      expect(await broker.committed(groupId, topic)).toEqual(new Map([[0, 3n]]));
    } finally {
      await queue.close();
    }
  }, 60_000);
});

describe('trace context over the real broker', () => {
  it("continues each task's trace from the producer's headers in the consumer, and the work inside it", async () => {
    const capture = captureSpans();
    const topic = uniqueName('trace');
    const groupId = `${topic}.executor`;
    await broker.createTopics([{ topic, partitions: 2 }]);
    const queue = createKafkaTaskQueue({
      settings: {
        ...kafkaSettingsFromConfig(eventHubsSection({ topic, 'group.id': groupId })),
        commitIntervalMs: 100,
        maxWaitTimeMs: 500,
      },
    });
    try {
      const tasks = makeTasks(3, 1);
      await queue.enqueue(tasks);
      let handled = 0;
      const consumer = queue.consumer();
      await consumer.run(
        async () => {
          trace.getTracer('test').startSpan('upstream call').end();
          handled++;
        },
        { concurrency: 2 },
      );
      await waitFor('three tasks', () => handled === 3, 30_000);
      await consumer.drain(5_000);

      const spans = capture.spans();
      const enqueues = spans.filter((s) => s.name === `enqueue ${topic}`);
      const runs = spans.filter((s) => s.name === 'task');
      const calls = spans.filter((s) => s.name === 'upstream call');
      expect([enqueues.length, runs.length, calls.length]).toEqual([3, 3, 3]);
      // One trace per task: enqueue → (Kafka headers) → task → call.
      const traces = new Set(enqueues.map((s) => s.spanContext().traceId));
      expect(traces.size).toBe(3);
      expect(new Set(runs.map((r) => r.attributes['task_id']))).toEqual(new Set(tasks.map((t) => t.taskId)));
      for (const run of runs) {
        const enqueue = enqueues.find((s) => s.spanContext().traceId === run.spanContext().traceId);
        expect(run.parentSpanContext?.spanId).toBe(enqueue?.spanContext().spanId);
        const call = calls.find((s) => s.spanContext().traceId === run.spanContext().traceId);
        expect(call?.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
      }
    } finally {
      capture.stop();
      await queue.close();
    }
  }, 60_000);
});
