import { metricSum } from '@latigo/observability';
import { createMemoryTaskQueue, createTask, MemoryBroker } from '@latigo/task-queue';
import { GordoStub } from './testing/gordo-stub.test-helpers';
import {
  type Emulators,
  type InProcessExecutor,
  startEmulators,
  startInProcess,
  waitFor,
} from './testing/in-process.test-helpers';

// The whole executor on the embedded default (memory queue and cache), wired by its composition
// root, against the emulated Omnia APIs and a stand-in for Gordo.

describe('executor on the memory queue and cache', () => {
  let emulators: Emulators;
  const gordo = new GordoStub({ stub: ['tag-1', 'tag-2'], stranger: ['tag-1', 'tag-2'] });
  gordo.answerOtherTags.add('stranger');
  const broker = new MemoryBroker();
  const queue = createMemoryTaskQueue({ broker, topic: 'tasks' });
  let executor: InProcessExecutor;

  beforeAll(async () => {
    emulators = await startEmulators();
    const url = await gordo.listen();
    executor = await startInProcess(
      {
        executor: { concurrency: 2 },
        task_queue: { type: 'memory', topic: 'tasks' },
        cache: { type: 'memory' },
        model_info: { connection_string: url },
        predictor: { connection_string: url, use_parquet: false },
        sensor_data: { base_url: emulators.timeseries.baseUrl('v1.6') },
        prediction_storage: { base_url: emulators.timeseries.baseUrl('v1.6') },
        prediction_metadata_storage: { base_url: emulators.metadata.url },
        server: { host: '127.0.0.1', port: 0 },
      },
      { memoryBroker: broker },
    );
  });
  afterAll(async () => {
    await executor.stop();
    await queue.close();
    await Promise.all([gordo.close(), emulators.close()]);
  });

  const runTask = async (model: string, from: string) => {
    const t = createTask({
      projectName: 'latigo-test',
      modelName: model,
      fromTime: new Date(from),
      toTime: new Date(Date.parse(from) + 30 * 60_000),
    });
    const before = await metricSum(executor.metrics, 'latigo_task_queue_tasks_total', {});
    await queue.enqueue([t]);
    await waitFor(
      `task ${t.taskId}`,
      async () => (await metricSum(executor.metrics, 'latigo_task_queue_tasks_total', {})) > before,
    );
    return t;
  };
  const requests = () => ({
    timeseries: emulators.timeseries.server.requests.count(),
    metadata: emulators.metadata.server.requests.count(),
    gordo: [...gordo.requests.values()].reduce((a, b) => a + b, 0),
  });

  it('is ready once it consumes', async () => {
    const ready = await fetch(`${executor.health.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('predicts and stores a task; a second window of the model makes only the calls the caches cannot save', async () => {
    const cold = requests();
    await runTask('stub', '2024-01-08T07:00:00Z');
    const warm = requests();
    await runTask('stub', '2024-01-08T07:30:00Z');
    const after = requests();

    const [series] = emulators.timeseries.store.findByName('tag-1|stub|model-output', '1903');
    const points = emulators.timeseries.store.points(series?.id ?? '');
    expect(points.map((p) => p.time.slice(11, 16))).toEqual([
      '07:00',
      '07:10',
      '07:20',
      '07:30',
      '07:40',
      '07:50',
    ]);
    expect(emulators.metadata.models().map((m) => m.body.model_name)).toEqual(['stub', 'stub']);

    // Cold: facility + 2 tag ids, 1 read (both tags in one POST /query/data), 3 output series (lookup + create), 1 write; revisions, metadata ×2, predict.
    expect({
      timeseries: warm.timeseries - cold.timeseries,
      metadata: warm.metadata - cold.metadata,
      gordo: warm.gordo - cold.gordo,
    }).toEqual({ timeseries: 11, metadata: 1, gordo: 4 });
    // Warm: 1 read and 1 write; the revision (30 s) and metadata are cached; 1 prediction.
    expect({
      timeseries: after.timeseries - warm.timeseries,
      metadata: after.metadata - warm.metadata,
      gordo: after.gordo - warm.gordo,
    }).toEqual({ timeseries: 2, metadata: 1, gordo: 1 });
    expect(
      await metricSum(executor.metrics, 'latigo_executor_task_attempts_total', { outcome: 'succeeded' }),
    ).toBe(2);
  });

  it('skips a model Gordo does not have, with the reason', async () => {
    await runTask('gone', '2024-01-08T07:00:00Z');
    expect(
      await metricSum(executor.metrics, 'latigo_executor_task_attempts_total', {
        outcome: 'skipped',
        reason: 'model_gone',
      }),
    ).toBe(1);
    expect(executor.lines.find((l) => l.message === 'task skipped')).toMatchObject({
      reason: 'model_gone',
      model: 'gone',
    });
  });

  it('dead-letters at once a prediction whose columns name tags the model does not have, and stores none of it', async () => {
    const t = await runTask('stranger', '2024-01-08T07:00:00Z');
    const letter = (await queue.deadLetters.list()).find((d) => d.task?.taskId === t.taskId);
    expect(letter).toMatchObject({ code: 'GORDO_BAD_RESPONSE', attempts: 1 });
    expect(letter?.reason).toMatch(
      /^GordoError: gordo: POST \/gordo\/v0\/latigo-test\/stranger\/anomaly\/prediction answered 200 with columns that do not fit model latigo-test\/stranger at revision 1: unexpected "model-input\/other-1", .*; missing "model-input\/tag-1", /,
    );
    expect(emulators.timeseries.store.findByName('other-1|stranger|model-output', '1903')).toEqual([]);
    expect(emulators.metadata.models().map((m) => m.body.model_name)).not.toContain('stranger');
    expect(
      await metricSum(executor.metrics, 'latigo_executor_task_attempts_total', {
        outcome: 'failed',
        reason: 'GORDO_BAD_RESPONSE',
      }),
    ).toBe(1);
  });
});
