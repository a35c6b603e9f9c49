import { captureSpans, type ReadableSpan, type SpanCapture } from '@latigo/observability/testing';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { MemoryBroker } from './memory/memory-broker';
import { createMemoryTaskQueue } from './memory/memory-task-queue';
import { encodeTask } from './task-codec';
import type { TaskHandler, TaskQueue } from './task-queue';
import { makeTasks, waitFor } from './testing/tasks.test-helpers';

const TOPIC = 'tasks';

function memoryQueue() {
  const broker = new MemoryBroker();
  const queue = createMemoryTaskQueue({ broker, topic: TOPIC, partitions: 2, commitIntervalMs: 10 });
  return { broker, queue };
}

/** Runs a consumer with `handler` until `count` attempts were handled, then drains it. */
async function consume(queue: TaskQueue, count: number, handler: TaskHandler, maxAttempts = 1) {
  let handled = 0;
  const consumer = queue.consumer();
  await consumer.run(
    async (task, ctx) => {
      try {
        return await handler(task, ctx);
      } finally {
        handled++;
      }
    },
    { concurrency: 2, retry: { maxAttempts, initialDelayMs: 1, maxDelayMs: 1 } },
  );
  await waitFor(`${count} attempts handled`, () => handled >= count);
  await consumer.drain(5_000);
}

const headersOf = (broker: MemoryBroker) =>
  [0, 1].flatMap((p) => broker.read(TOPIC, p, 0n).map((r) => r.headers));

describe('trace context through the task queue', () => {
  it('adds no headers and makes no spans while no OpenTelemetry SDK is registered', async () => {
    const { broker, queue } = memoryQueue();
    await queue.enqueue(makeTasks(2, 2));
    expect(headersOf(broker)).toEqual([{}, {}]);
    await queue.close();
  });

  describe('with an SDK', () => {
    let capture: SpanCapture;
    beforeEach(() => {
      capture = captureSpans();
    });
    afterEach(() => capture.stop());

    const named = (name: string) => capture.spans().filter((s) => s.name === name);
    const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

    it('gives each task its own trace, from the enqueue span over the headers to the task span and the work inside it', async () => {
      const { broker, queue } = memoryQueue();
      const tasks = makeTasks(2, 2);
      await trace.getTracer('test').startActiveSpan('slot', async (slot) => {
        await queue.enqueue(tasks);
        slot.end();
      });
      const slot = named('slot')[0] as ReadableSpan;
      expect(
        headersOf(broker).every((h) => /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(h['traceparent'] ?? '')),
      ).toBe(true);

      await consume(queue, 2, async () => {
        trace.getTracer('test').startSpan('upstream call').end();
      });

      const enqueues = named(`enqueue ${TOPIC}`);
      const runs = named('task');
      expect(enqueues).toHaveLength(2);
      expect(runs).toHaveLength(2);
      // Two tasks, two traces, neither the slot's; each enqueue span links back to the slot.
      expect(new Set(enqueues.map((s) => s.spanContext().traceId)).size).toBe(2);
      for (const enqueue of enqueues) {
        expect(enqueue.spanContext().traceId).not.toBe(slot.spanContext().traceId);
        expect(enqueue.kind).toBe(SpanKind.PRODUCER);
        expect(enqueue.links.map((l) => l.context.spanId)).toEqual([slot.spanContext().spanId]);
      }
      for (const task of tasks) {
        const enqueue = enqueues.find((s) => s.attributes['task_id'] === task.taskId) as ReadableSpan;
        const run = runs.find((s) => s.attributes['task_id'] === task.taskId) as ReadableSpan;
        expect(run.kind).toBe(SpanKind.CONSUMER);
        expect(run.spanContext().traceId).toBe(enqueue.spanContext().traceId);
        expect(parentOf(run)).toBe(enqueue.spanContext().spanId);
        expect(run.attributes).toMatchObject({
          task_id: task.taskId,
          project: task.projectName,
          model: task.modelName,
          attempt: 1,
          outcome: 'succeeded',
        });
      }
      for (const call of named('upstream call')) {
        const run = runs.find((s) => s.spanContext().spanId === parentOf(call));
        expect(run?.spanContext().traceId).toBe(call.spanContext().traceId);
      }
      expect(named('upstream call')).toHaveLength(2);
      await queue.close();
    });

    it("runs a message without headers (the original's scheduler) in a new trace of its own", async () => {
      const { broker, queue } = memoryQueue();
      const [task] = makeTasks(1, 1);
      broker.produceRaw(TOPIC, encodeTask(task as NonNullable<typeof task>));
      await consume(queue, 1, async () => ({ outcome: 'skipped', reason: 'no_data' }));
      const [run] = named('task');
      expect(run?.parentSpanContext).toBeUndefined();
      expect(run?.attributes).toMatchObject({ task_id: task?.taskId, outcome: 'skipped', reason: 'no_data' });
      await queue.close();
    });

    it('records a failed attempt as an error and the retry as a second task span in the same trace', async () => {
      const { queue } = memoryQueue();
      await queue.enqueue(makeTasks(1, 1));
      let attempts = 0;
      await consume(
        queue,
        2,
        async () =>
          ++attempts === 1
            ? { outcome: 'failed', reason: 'Gordo 503', code: 'GORDO_UNAVAILABLE' }
            : undefined,
        2,
      );
      const [enqueue] = named(`enqueue ${TOPIC}`);
      const runs = named('task');
      expect(runs.map((s) => [s.attributes['attempt'], s.attributes['outcome']])).toEqual([
        [1, 'failed'],
        [2, 'succeeded'],
      ]);
      expect(runs[0]?.status).toEqual({
        code: SpanStatusCode.ERROR,
        message: 'GORDO_UNAVAILABLE: Gordo 503',
      });
      expect(runs.every((s) => parentOf(s) === enqueue?.spanContext().spanId)).toBe(true);
      await queue.close();
    });

    it('ends the enqueue spans with an error when the broker refuses the request', async () => {
      const broker = new MemoryBroker(200);
      const queue = createMemoryTaskQueue({ broker, topic: TOPIC, maxRequestBytes: 100_000 });
      await expect(queue.enqueue(makeTasks(1, 1))).rejects.toThrow(/above the broker's limit/);
      expect(named(`enqueue ${TOPIC}`).map((s) => s.status.code)).toEqual([SpanStatusCode.ERROR]);
      await queue.close();
    });
  });
});
