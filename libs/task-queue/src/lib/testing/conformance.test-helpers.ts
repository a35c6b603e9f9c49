import type { Registry } from 'prom-client';
import { TaskQueueError } from '../errors';
import { EVENT_HUBS_MAX_REQUEST_BYTES } from '../produce-requests';
import { createTask, type Task } from '../task';
import type { MessagePosition, TaskConsumer, TaskHandler, TaskQueue } from '../task-queue';
import { aborted, gate, makeTasks, metricValue, sleep, waitFor } from './tasks.test-helpers';

/** A fresh queue on its own topics, with a view of the broker that does not go through the queue. */
export interface QueueUnderTest {
  readonly queue: TaskQueue;
  readonly groupId: string;
  readonly metrics: Registry;
  /** The adapter's commit interval: how long to wait before expecting (or ruling out) a commit. */
  readonly commitIntervalMs: number;
  /** Appends a raw value to the task topic (poison messages; the original's key-less messages). */
  produceRaw(value: string | null, partition?: number): Promise<MessagePosition>;
  /** Committed offsets (next to read) of the queue's group, by partition; missing = never committed. */
  committed(): Promise<Map<number, bigint>>;
  /** End offsets of the task topic, by partition. */
  endOffsets(): Promise<Map<number, bigint>>;
  /** Sizes in bytes of every produce request sent for tasks so far. */
  produceRequestSizes(): readonly number[];
  dispose(): Promise<void>;
}

export interface TaskQueueFactory {
  create(options: { partitions: number }): Promise<QueueUnderTest>;
  /** A queue whose credentials the broker rejects (adapters that authenticate). */
  withWrongCredentials?(): Promise<TaskQueue>;
  /** Per-test timeout. Default 30 s. */
  readonly timeoutMs?: number;
}

/** Records what handlers saw, so tests assert on results rather than on mocks. */
class Journal {
  readonly starts: string[] = [];
  readonly ends: string[] = [];
  /** `start <id>` and `end <id>` in the order they happened. */
  readonly events: string[] = [];
  readonly handled = new Map<string, number>();
  running = 0;
  maxRunning = 0;

  wrap(body: (task: Task, signal: AbortSignal) => Promise<void> = async () => undefined): TaskHandler {
    return async (task, context) => {
      this.starts.push(task.taskId);
      this.events.push(`start ${task.taskId}`);
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      try {
        await body(task, context.signal);
        this.handled.set(task.taskId, (this.handled.get(task.taskId) ?? 0) + 1);
      } finally {
        this.running--;
        this.ends.push(task.taskId);
        this.events.push(`end ${task.taskId}`);
      }
    };
  }
}

/**
 * The behaviour every TaskQueue adapter must show (see the "Conformance suite"): run it
 * against each adapter with a factory that creates fresh topics per test.
 */
export function describeTaskQueueConformance(name: string, factory: TaskQueueFactory): void {
  describe(`${name} conforms to TaskQueue`, () => {
    const timeout = factory.timeoutMs ?? 30_000;
    let subject: QueueUnderTest | undefined;
    const consumers: TaskConsumer[] = [];

    const setUp = async (partitions: number) => {
      subject = await factory.create({ partitions });
      return subject;
    };
    const consumerOf = (s: QueueUnderTest) => {
      const consumer = s.queue.consumer();
      consumers.push(consumer);
      return consumer;
    };
    const committedSum = async (s: QueueUnderTest) =>
      [...(await s.committed()).values()].reduce((a, b) => a + b, 0n);
    const endSum = async (s: QueueUnderTest) =>
      [...(await s.endOffsets()).values()].reduce((a, b) => a + b, 0n);

    afterEach(async () => {
      await Promise.all(consumers.splice(0).map((c) => c.abort()));
      await subject?.dispose();
      subject = undefined;
    });

    it(
      'delivers an enqueued task with every field, decoded',
      async () => {
        const s = await setUp(1);
        const task = createTask({
          projectName: 'ioc-1000',
          modelName: 'pump-7',
          fromTime: new Date('2020-04-10T07:00:00Z'),
          toTime: new Date('2020-04-10T07:30:00.250Z'),
          attempt: 2,
          scheduledAt: new Date('2020-04-10T10:30:00Z'),
          revision: '1583238576000',
        });
        expect(await s.queue.enqueue([task])).toEqual({ tasks: 1, requests: 1 });
        const received: Task[] = [];
        const consumer = consumerOf(s);
        await consumer.run(async (t) => void received.push(t));
        await waitFor('the task', () => received.length === 1);
        expect(received[0]).toEqual(task);
        expect(received[0]?.taskId).toBe('ioc-1000/pump-7/2020-04-10T07:00:00Z/2020-04-10T07:30:00.250Z');
        await consumer.drain(5_000);
        expect(await s.committed()).toEqual(new Map([[0, 1n]]));
      },
      timeout,
    );

    it(
      'keeps the tasks of one key in order and never runs two of them at once',
      async () => {
        const s = await setUp(2);
        const tasks = makeTasks(60, 4);
        await s.queue.enqueue(tasks);
        const journal = new Journal();
        let tick = 0;
        const consumer = consumerOf(s);
        await consumer.run(
          journal.wrap(() => sleep(tick++ % 3)),
          { concurrency: 8 },
        );
        await waitFor('all 60 tasks', () => journal.handled.size === 60);
        await consumer.drain(5_000);
        for (const key of ['m0', 'm1', 'm2', 'm3']) {
          const expected = tasks.filter((t) => t.modelName === key).map((t) => t.taskId);
          // Each task of the key starts after the previous one ended: start a, end a, start b, end b, …
          const ofKey = journal.events.filter((e) => e.includes(` p/${key}/`));
          expect(ofKey).toEqual(expected.flatMap((id) => [`start ${id}`, `end ${id}`]));
        }
        expect(journal.maxRunning).toBeGreaterThan(1);
        expect(journal.maxRunning).toBeLessThanOrEqual(8);
      },
      timeout,
    );

    it(
      'loses no task with concurrency 32 and commits every partition to its end',
      async () => {
        const s = await setUp(4);
        const tasks = makeTasks(400, 40);
        await s.queue.enqueue(tasks);
        const journal = new Journal();
        const consumer = consumerOf(s);
        await consumer.run(
          journal.wrap(() => sleep(2)),
          { concurrency: 32 },
        );
        await waitFor('all 400 tasks', () => journal.handled.size === 400);
        const result = await consumer.drain(10_000);
        expect(result).toEqual({ abandoned: 0, timedOut: false });
        expect(new Set(journal.handled.keys())).toEqual(new Set(tasks.map((t) => t.taskId)));
        expect(journal.maxRunning).toBeLessThanOrEqual(32);
        expect(journal.maxRunning).toBeGreaterThan(1);
        expect(await s.committed()).toEqual(await s.endOffsets());
      },
      timeout,
    );

    it(
      'never commits past an unfinished task, and redelivers it after the consumer is killed',
      async () => {
        const s = await setUp(1);
        const tasks = makeTasks(10, 10); // ten keys: they may run side by side
        await s.queue.enqueue(tasks);
        const first = consumerOf(s);
        const journal = new Journal();
        const blocked = tasks[0]?.taskId as string;
        await first.run(
          journal.wrap((task, signal) => (task.taskId === blocked ? aborted(signal) : Promise.resolve())),
          { concurrency: 4 },
        );
        await waitFor('the nine other tasks', () => journal.handled.size === 9);
        await sleep(s.commitIntervalMs * 4); // time enough for any commit to happen
        expect((await s.committed()).get(0) ?? 0n).toBe(0n);
        await first.abort();

        const second = consumerOf(s);
        const again = new Journal();
        await second.run(again.wrap(), { concurrency: 4 });
        await waitFor('every task again', () => again.handled.size === 10);
        expect(again.handled.get(blocked)).toBe(1);
        await second.drain(5_000);
        expect(await s.committed()).toEqual(new Map([[0, 10n]]));
      },
      timeout,
    );

    it(
      'dead-letters failed and poison messages with reason, code, attempts and origin, and commits them',
      async () => {
        const s = await setUp(1);
        const [ok, fatal, flaky, skipped] = makeTasks(4, 4);
        await s.queue.enqueue([ok, fatal, flaky, skipped] as Task[]);
        const notJson = await s.produceRaw('not json at all');
        const inverted = await s.produceRaw(
          '{"project_name": "p", "model_name": "m9", "from_time": 1586503801.0, "to_time": 1586502001.0}',
        );
        const consumer = consumerOf(s);
        await consumer.run(
          async (task) => {
            if (task.taskId === fatal?.taskId) {
              throw Object.assign(new Error('revision 1583 is gone'), {
                code: 'GORDO_REVISION_GONE',
                retryable: false,
              });
            }
            if (task.taskId === flaky?.taskId) throw new Error('upstream timeout');
            if (task.taskId === skipped?.taskId)
              return { outcome: 'skipped', reason: 'no data in the window' };
            return undefined;
          },
          { concurrency: 4, retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 } },
        );
        await waitFor('four dead letters', async () => (await s.queue.deadLetters.list()).length === 4);
        await waitFor('all six committed', async () => (await s.committed()).get(0) === 6n);
        await consumer.drain(5_000);

        const letters = await s.queue.deadLetters.list();
        const byOffset = new Map(letters.map((l) => [l.original.offset, l]));
        const topic = s.queue.topic;
        const fatalLetter = byOffset.get('1');
        expect(fatalLetter).toMatchObject({
          code: 'GORDO_REVISION_GONE',
          attempts: 1,
          reason: 'Error: revision 1583 is gone',
          original: { topic, partition: 0, offset: '1' },
          key: 'p/m1',
        });
        expect(fatalLetter?.task).toEqual(fatal);
        const flakyLetter = byOffset.get('2');
        expect(flakyLetter).toMatchObject({
          code: 'TASK_FAILED',
          attempts: 2,
          reason: 'Error: upstream timeout',
        });
        expect(flakyLetter?.firstFailureAt?.getTime()).toBeLessThanOrEqual(
          flakyLetter?.lastFailureAt?.getTime() ?? 0,
        );
        const notJsonLetter = byOffset.get(notJson.offset);
        expect(notJsonLetter).toMatchObject({ code: 'TASK_POISON_MESSAGE', attempts: 0, key: null });
        expect(notJsonLetter?.reason).toMatch(/^message: not JSON/);
        expect(notJsonLetter?.value?.toString()).toBe('not json at all');
        expect(notJsonLetter?.task).toBeUndefined();
        expect(byOffset.get(inverted.offset)?.reason).toMatch(/^from_time: must be before to_time/);
        for (const letter of letters) {
          expect(letter.position.topic).toBe(s.queue.deadLetterTopic);
          expect(letter.firstFailureAt).toBeInstanceOf(Date);
          expect(letter.lastFailureAt).toBeInstanceOf(Date);
        }
        expect(await metricValue(s.metrics, 'latigo_task_queue_tasks_total', { outcome: 'skipped' })).toBe(1);
        expect(
          await metricValue(s.metrics, 'latigo_task_queue_tasks_total', { outcome: 'dead_lettered' }),
        ).toBe(4);
        expect(await metricValue(s.metrics, 'latigo_task_queue_tasks_total', { outcome: 'retried' })).toBe(1);
      },
      timeout,
    );

    it(
      'replays dead letters to the task topic, leaving poison and a dry run alone',
      async () => {
        const s = await setUp(1);
        const [gone, alsoGone] = makeTasks(2, 2);
        await s.queue.enqueue([gone, alsoGone] as Task[]);
        await s.produceRaw('{"project_name": "p"}');
        const first = consumerOf(s);
        const journal = new Journal();
        await first.run(
          journal.wrap(async () => {
            throw Object.assign(new Error('gone'), { code: 'GORDO_GONE', retryable: false });
          }),
        );
        await waitFor('three dead letters', async () => (await s.queue.deadLetters.list()).length === 3);
        await first.drain(5_000);

        const dry = await s.queue.deadLetters.replay({ model: 'm0' }, { dryRun: true });
        expect(dry).toMatchObject({ matched: 1, replayed: 0, skippedPoison: 0 });
        expect(await endSum(s)).toBe(3n);
        const all = await s.queue.deadLetters.replay({});
        expect(all).toMatchObject({ matched: 3, replayed: 2, skippedPoison: 1 });
        expect(await endSum(s)).toBe(5n);

        const second = consumerOf(s);
        const replayed: Task[] = [];
        await second.run(async (task) => void replayed.push(task));
        await waitFor('the replayed tasks', () => replayed.filter((t) => t.attempt === 2).length === 2);
        expect(
          replayed
            .filter((t) => t.attempt === 2)
            .map((t) => t.taskId)
            .sort(),
        ).toEqual([gone?.taskId, alsoGone?.taskId].sort());
        await second.drain(5_000);
      },
      timeout,
    );

    it(
      'drains within its deadline: commits what finished, aborts what runs, which is delivered again',
      async () => {
        const s = await setUp(1);
        const [slow, fast] = makeTasks(2, 2);
        await s.queue.enqueue([slow, fast] as Task[]);
        let sawAbort = false;
        const journal = new Journal();
        const consumer = consumerOf(s);
        await consumer.run(
          journal.wrap(async (task, signal) => {
            if (task.taskId !== slow?.taskId) return;
            await aborted(signal);
            sawAbort = true;
            throw new Error('aborted');
          }),
          { concurrency: 2 },
        );
        await waitFor(
          'the fast task, and the slow one started',
          () => journal.handled.size === 1 && journal.starts.length === 2,
        );
        expect(await consumer.drain(300)).toEqual({ abandoned: 1, timedOut: true });
        expect(sawAbort).toBe(true);
        await consumer.stopped;
        expect((await s.committed()).get(0) ?? 0n).toBe(0n);

        const next = consumerOf(s);
        const again = new Journal();
        await next.run(again.wrap());
        await waitFor('the slow task again', () => again.handled.has(slow?.taskId as string));
        await next.drain(5_000);
        expect(await s.committed()).toEqual(new Map([[0, 2n]]));
      },
      timeout,
    );

    it(
      'fetches nothing while paused and everything after resume',
      async () => {
        const s = await setUp(1);
        const journal = new Journal();
        const consumer = consumerOf(s);
        await consumer.run(journal.wrap());
        consumer.pause();
        await s.queue.enqueue(makeTasks(5, 5));
        await sleep(1_000);
        expect(journal.starts).toHaveLength(0);
        consumer.resume();
        await waitFor('the five tasks', () => journal.handled.size === 5);
        await consumer.drain(5_000);
      },
      timeout,
    );

    it(
      'reports the consumer lag of each partition it holds',
      async () => {
        const s = await setUp(1);
        await s.queue.enqueue(makeTasks(5, 5));
        const open = gate();
        const journal = new Journal();
        const consumer = consumerOf(s);
        await consumer.run(journal.wrap(() => open.promise));
        await waitFor('the first task running', () => journal.starts.length === 1);
        const labels = { group: s.groupId, topic: s.queue.topic, partition: '0' };
        expect(await metricValue(s.metrics, 'latigo_task_queue_consumer_lag', labels)).toBe(5);
        open.release();
        await waitFor(
          'lag 0',
          async () => (await metricValue(s.metrics, 'latigo_task_queue_consumer_lag', labels)) === 0,
        );
        await consumer.drain(5_000);
      },
      timeout,
    );

    it(
      'sends 10,000 tasks in produce requests under the Event Hubs limit, and loses none',
      async () => {
        const s = await setUp(4);
        const tasks = makeTasks(10_000, 500);
        const started = Date.now();
        const result = await s.queue.enqueue(tasks);
        const enqueueMs = Date.now() - started;
        const sizes = s.produceRequestSizes();
        expect(result).toEqual({ tasks: 10_000, requests: sizes.length });
        expect(sizes.length).toBeGreaterThan(1);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(EVENT_HUBS_MAX_REQUEST_BYTES);
        expect(await endSum(s)).toBe(10_000n);

        const seen = new Set<string>();
        const consumer = consumerOf(s);
        await consumer.run(async (task) => void seen.add(task.taskId), { concurrency: 32 });
        await waitFor('10,000 tasks consumed', () => seen.size === 10_000, timeout - 5_000);
        await consumer.drain(10_000);
        expect(await committedSum(s)).toBe(10_000n);
        // Figures for the record (not asserted: timings vary with the machine).
        process.stdout.write(
          `[${name}] 10,000 tasks: ${sizes.length} produce requests, largest ${Math.max(...sizes)} bytes, ` +
            `enqueued in ${enqueueMs} ms, consumed in ${Date.now() - started - enqueueMs} ms\n`,
        );
      },
      timeout,
    );

    if (factory.withWrongCredentials) {
      const wrongCredentials = factory.withWrongCredentials.bind(factory);
      it(
        'rejects a wrong connection string with an authentication error',
        async () => {
          const queue = await wrongCredentials();
          try {
            const failure = await queue.enqueue(makeTasks(1, 1)).catch((e: unknown) => e);
            expect(failure).toBeInstanceOf(TaskQueueError);
            expect(failure).toMatchObject({ code: 'TASK_QUEUE_AUTH_FAILED', retryable: false });
            expect((failure as Error).message).toMatch(/authentication failed.*connection_string/i);
            const consumerFailure = await queue
              .consumer()
              .run(async () => undefined)
              .catch((e: unknown) => e);
            expect(consumerFailure).toMatchObject({ code: 'TASK_QUEUE_AUTH_FAILED' });
          } finally {
            await queue.close();
          }
        },
        timeout,
      );
    }
  });
}
