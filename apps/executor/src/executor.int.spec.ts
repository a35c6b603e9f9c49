import { metricSum } from '@latigo/observability';
import { taskQueueSectionSchema } from '@latigo/config-loader';
import {
  buildDataset,
  GordoClient,
  planDataset,
  type Prediction,
  predictionDataWindow,
} from '@latigo/gordo-client';
import { requirePeerEnv } from '@latigo/peers';
import { createTask, createTaskQueue, type Task, type TaskQueue } from '@latigo/task-queue';
import { TimeSeriesClient } from '@latigo/time-series-client';
import { createClient } from 'redis';
import { Agent } from 'undici';
import { outputColumns, rowsWithin } from './pipeline/output-series';
import {
  type Emulators,
  type InProcessExecutor,
  startEmulators,
  startInProcess,
  waitFor,
} from './testing/in-process.test-helpers';
import { KafkaAdmin, peerConfig, uniqueName } from './testing/peers.test-helpers';

// The executor wired by its composition root, in this process, against the real Kafka broker,
// Redis and Gordo server of tools/peers, with the Timeseries and metadata APIs emulated.

const PROJECT = 'latigo-test';
const MODELS = ['diff-3tags', 'diff-10tags', 'diff-25tags', 'plain-3tags'];
const task = (model: string, from: string, minutes = 30) =>
  createTask({
    projectName: PROJECT,
    modelName: model,
    fromTime: new Date(from),
    toTime: new Date(Date.parse(from) + minutes * 60_000),
  });

describe('executor (real Kafka, Redis and Gordo; emulated Timeseries and metadata APIs)', () => {
  let emulators: Emulators;
  const kafka = new KafkaAdmin();
  const dispatcher = new Agent();
  const running: InProcessExecutor[] = [];
  const queues: TaskQueue[] = [];

  beforeAll(async () => {
    emulators = await startEmulators();
  });
  afterEach(async () => {
    emulators.timeseries.server.faults.clear();
    emulators.metadata.server.faults.clear();
    await Promise.all(running.splice(0).map((e) => e.stop()));
    await Promise.all(queues.splice(0).map((q) => q.close()));
  });
  afterAll(async () => {
    await kafka.close();
    await dispatcher.close();
    await emulators.close();
  });

  /** A fresh topic and group, an executor consuming it, and a producer for it. */
  async function executorOn(overrides: Record<string, Record<string, unknown>> = {}) {
    const topics = await kafka.createTopics(uniqueName('executor-tasks'));
    const groupId = uniqueName('executor-group');
    const config = peerConfig(emulators, { ...topics, groupId }, overrides);
    const executor = await startInProcess(config);
    running.push(executor);
    const queue = createTaskQueue(taskQueueSectionSchema.parse(config['task_queue']));
    queues.push(queue);
    const drained = () =>
      waitFor(`group ${groupId} to commit all of ${topics.topic}`, () =>
        kafka.drained(groupId, topics.topic),
      );
    return { executor, queue, topics, groupId, config, drained };
  }

  /** The records the metadata emulator holds for a task's window. */
  const recordsOf = (t: Task) =>
    emulators.metadata
      .models()
      .filter(
        (m) =>
          m.body.model_name === t.modelName &&
          m.body.description.includes(
            `from '${t.fromTime.toISOString().replace('T', ' ').replace('.000Z', '+00:00')}'`,
          ),
      );

  /** The datapoints of an output series, as stored in the emulator. */
  const storedPoints = (name: string) => {
    const [series] = emulators.timeseries.store.findByName(name, '1903');
    return series ? emulators.timeseries.store.points(series.id) : [];
  };

  /** What the real Gordo server answers for the task's data, prepared independently (JSON this time). */
  async function directPrediction(t: Task): Promise<Prediction> {
    const gordo = new GordoClient({
      baseUrl: requirePeerEnv('LATIGO_TEST_GORDO_URL'),
      project: PROJECT,
      format: 'json',
      dispatcher,
    });
    const revision = (await gordo.getRevisions()).latest;
    const metadata = await gordo.getMetadata(t.modelName, revision);
    const plan = planDataset(metadata);
    const window = predictionDataWindow(metadata, t.fromTime, t.toTime);
    const ts = new TimeSeriesClient({ baseUrl: emulators.timeseries.baseUrl('v1.6'), dispatcher });
    const raw = new Map();
    for (const tag of plan.tags) {
      const id = (await ts.findSeriesId({ name: tag, facility: '1903' })) as string;
      raw.set(tag, await ts.readDatapoints(id, { from: window.start, to: window.end }));
    }
    const data = buildDataset(plan, { start: window.start.getTime(), end: window.end.getTime() }, raw);
    const { end } = rowsWithin(data.index, -Infinity, t.toTime.getTime());
    const X = {
      index: data.index.subarray(0, end),
      columns: new Map([...data.columns].map(([k, v]) => [k, v.subarray(0, end)])),
    };
    return gordo.predict({ model: t.modelName, revision, X });
  }

  it('stores predictions equal, number for number, to what the real Gordo server returns for the same data', async () => {
    const { queue, drained } = await executorOn();
    const tasks = MODELS.map((m) => task(m, '2024-01-08T07:00:00Z'));
    await queue.enqueue(tasks);
    await drained();

    for (const t of tasks) {
      const direct = await directPrediction(t);
      const rows = rowsWithin(direct.frame.index, t.fromTime.getTime(), t.toTime.getTime());
      expect(rows.end - rows.start).toBe(t.modelName === 'diff-25tags' ? 30 : 3);
      const columns = outputColumns(direct.frame, { model: t.modelName, facility: '1903' });
      expect(columns.length).toBeGreaterThan(0);
      for (const column of columns) {
        const expected: { time: string; value: number }[] = [];
        for (let i = rows.start; i < rows.end; i++) {
          const value = column.values[i] as number;
          if (Number.isFinite(value))
            expected.push({
              time: new Date(direct.frame.index[i] as number).toISOString().replace('Z', '0000Z'),
              value,
            });
        }
        const apiTime = (d: Date) => d.toISOString().replace('Z', '0000Z');
        const stored = storedPoints(column.name)
          .filter((p) => p.time >= apiTime(t.fromTime) && p.time < apiTime(t.toTime))
          .map(({ time, value }) => ({ time, value }));
        expect({ series: column.name, points: stored }).toEqual({ series: column.name, points: expected });
      }
      // Plain models answer only model-input and model-output (the 422 fallback).
      const groups = new Set(columns.map((c) => c.group));
      expect(groups.has('total-anomaly-confidence')).toBe(t.modelName !== 'plain-3tags');
      // One metadata record, naming the input series it read.
      const [record, ...more] = recordsOf(t);
      expect(more).toEqual([]);
      expect(record?.body.input_tags[0]).toEqual({
        name: 'tag-1',
        time_series_id: emulators.timeseries.syntheticSeries('tag-1')?.id,
      });
      expect(record?.body.output_tags).toHaveLength(columns.length);
    }
  });

  it('leaves the stored series identical when a task is delivered twice, with or without its done-marker', async () => {
    const { queue, drained, executor, config } = await executorOn();
    const twice = task('diff-10tags', '2024-01-08T09:00:00Z');
    await queue.enqueue([twice, twice]);
    await drained();
    const names = emulators.timeseries.store
      .all()
      .map((s) => s.name)
      .filter((n) => n.includes('|diff-10tags|'));
    const snapshot = names.map((n) => storedPoints(n).filter((p) => p.time.startsWith('2024-01-08T09')));
    expect(snapshot.flat().length).toBeGreaterThan(0);
    // The second delivery was acknowledged from the done-marker, without a second run.
    expect(recordsOf(twice)).toHaveLength(1);
    expect(
      await metricSum(executor.metrics, 'latigo_executor_task_attempts_total', { reason: 'already_done' }),
    ).toBe(1);

    // Without the marker (expired, or Redis lost) the task runs again and overwrites the same points.
    const redis = createClient({ url: requirePeerEnv('LATIGO_TEST_REDIS_URL') });
    await redis.connect();
    expect(
      await redis.del(`${(config['cache'] as { key_prefix: string }).key_prefix}done:${twice.taskId}`),
    ).toBe(1);
    await redis.close();
    await queue.enqueue([twice]);
    await drained();
    expect(recordsOf(twice)).toHaveLength(2);
    expect(names.map((n) => storedPoints(n).filter((p) => p.time.startsWith('2024-01-08T09')))).toEqual(
      snapshot,
    );
  });

  it('with 10 % 5xx and 5 % 429 from the emulators, every task ends succeeded, skipped or dead-lettered with a reason', async () => {
    const { queue, drained, executor, topics } = await executorOn({
      executor: { concurrency: 4, retry: { max_attempts: 3, initial_delay: '100ms', max_delay: '500ms' } },
    });
    // 429 is drawn first, so 5xx at 0.1 / 0.95 of the rest makes 10 % of all requests.
    for (const emulator of [emulators.timeseries, emulators.metadata])
      emulator.server.faults.add({
        route: '*',
        tooManyRequestsRate: 0.05,
        retryAfterSeconds: 0,
        serverErrorRate: 0.1 / 0.95,
      });
    const windows = [
      '2024-01-09T07:00:00Z',
      '2024-01-09T07:30:00Z',
      '2024-01-09T08:00:00Z',
      '2024-01-09T08:30:00Z',
    ];
    const good = windows.flatMap((w) => MODELS.map((m) => task(m, w)));
    const noData = [task('diff-3tags', '2019-06-01T00:00:00Z'), task('diff-10tags', '2019-06-01T00:00:00Z')];
    const badModel = task('_not-a-model', '2024-01-09T07:00:00Z'); // Gordo answers 422: a request that can never work
    await queue.enqueue([...good, ...noData, badModel]);
    await kafka.produceRaw(topics.topic, '{"project_name": "latigo-test"'); // not a task at all
    const enqueued = good.length + noData.length + 1 + 1;
    await drained();

    const succeeded = [...good, ...noData, badModel].filter((t) => recordsOf(t).length > 0);
    for (const t of succeeded) expect(recordsOf(t)).toHaveLength(1);
    const skipped = await metricSum(executor.metrics, 'latigo_task_queue_tasks_total', {
      outcome: 'skipped',
    });
    const deadLetters = await queue.deadLetters.list();
    for (const letter of deadLetters) {
      expect(letter.reason).not.toBe('');
      expect(letter.code).not.toBe('');
    }
    expect(succeeded.length + skipped + deadLetters.length).toBe(enqueued);
    expect(await metricSum(executor.metrics, 'latigo_task_queue_tasks_total', { outcome: 'succeeded' })).toBe(
      succeeded.length,
    );
    // The expected outcomes are among them.
    expect(deadLetters.map((d) => d.code)).toEqual(
      expect.arrayContaining(['TASK_POISON_MESSAGE', 'GORDO_BAD_REQUEST']),
    );
    expect(
      await metricSum(executor.metrics, 'latigo_executor_task_attempts_total', {
        outcome: 'skipped',
        reason: 'no_data',
      }),
    ).toBe(2);
    // And the emulators did fail requests.
    const statuses = Object.values(emulators.timeseries.server.requests.snapshot().routes).flatMap((r) =>
      Object.keys(r.statuses),
    );
    expect(statuses).toEqual(expect.arrayContaining(['429', '503']));
  });
});
