import { mkdtempSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import tls from 'node:tls';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { generateTlsMaterial } from '@latigo/emulators';
import type { ShutdownCoordinator } from '@latigo/observability';
import { runService } from '@latigo/service-runtime';
import { createMemoryTaskQueue, createTask, MemoryBroker } from '@latigo/task-queue';
import { stringify } from 'yaml';
import { startExecutor } from './composition-root';
import { executorService } from './service';
import { AppInsightsCapture, type Envelope } from './testing/app-insights-capture.test-helpers';
import { GordoStub } from './testing/gordo-stub.test-helpers';
import { type Emulators, startEmulators, waitFor } from './testing/in-process.test-helpers';

// The executor as main.ts runs it (runService: config with the defaults, telemetry, logger), on
// the memory queue, with Application Insights replaced by a local capture server: log records,
// requests and dependencies must arrive, one trace per task, and no secret with them.

const IKEY = '00000000-0000-4000-8000-000000000000';
const CLIENT_SECRET = 'planted-client-secret-5f1c';
const APIM_KEY = 'planted-apim-key-9d2e';

describe('Azure Monitor telemetry of the executor (local capture server as the ingestion endpoint)', () => {
  const material = generateTlsMaterial('app-insights-capture');
  const capture = new AppInsightsCapture(material);
  const defaultCAs = tls.getCACertificates('default');
  const gordo = new GordoStub({ stub: ['tag-1', 'tag-2'] });
  const broker = new MemoryBroker();
  let emulators: Emulators;
  let shutdown: ShutdownCoordinator | undefined;
  const output: string[] = [];
  const tasks = ['2024-01-08T07:00:00Z', '2024-01-08T07:30:00Z', '2024-01-08T08:00:00Z'].map((from) =>
    createTask({
      projectName: 'latigo-test',
      modelName: 'stub',
      fromTime: new Date(from),
      toTime: new Date(Date.parse(from) + 30 * 60_000),
    }),
  );
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    // The exporter's own usage reporting (statsbeat) goes to Microsoft's endpoints: not from a test.
    process.env['APPLICATION_INSIGHTS_NO_STATSBEAT'] = 'true';
    process.env['APPLICATIONINSIGHTS_STATSBEAT_DISABLED'] = 'true';
    process.env['APPLICATIONINSIGHTS_SDKSTATS_DISABLED'] = 'true';
    tls.setDefaultCACertificates([...defaultCAs, material.caCert]);
    const ingestion = await capture.listen();
    emulators = await startEmulators();
    const gordoUrl = await gordo.listen();
    const auth = { method: 'none', client_id: 'app', client_secret: CLIENT_SECRET };
    const dir = mkdtempSync(join(tmpdir(), 'executor-telemetry-'));
    const configFile = join(dir, 'executor.yaml');
    writeFileSync(
      configFile,
      stringify({
        executor: { azure_monitor_logging_enabled: true, concurrency: 2 },
        task_queue: { type: 'memory', topic: 'tasks' },
        cache: { type: 'memory' },
        model_info: { connection_string: gordoUrl, auth },
        predictor: { connection_string: gordoUrl, use_parquet: false, auth },
        sensor_data: { base_url: emulators.timeseries.baseUrl('v1.6') },
        prediction_storage: { base_url: emulators.timeseries.baseUrl('v1.6') },
        prediction_metadata_storage: {
          base_url: emulators.metadata.url,
          auth: { ...auth, auto_adding_headers: { 'Ocp-Apim-Subscription-Key': APIM_KEY } },
        },
        server: { host: '127.0.0.1', port: 0 },
      }),
    );
    const stdout = new PassThrough();
    stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const proc = Object.assign(new EventEmitter(), {
      exitCode: undefined as number | undefined,
      exit: () => undefined as never,
    });
    await runService(
      {
        ...executorService,
        start: async (ctx) => {
          shutdown = ctx.shutdown;
          await startExecutor(ctx, { memoryBroker: broker });
        },
      },
      {
        argv: ['node', 'main.js', '--config', configFile],
        // The connection string as the Helm chart passes it: the environment variable.
        env: {
          ...process.env,
          APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${ingestion}`,
        },
        stdout,
        stderr: stdout,
        process: proc,
      },
    );
    expect(shutdown).toBeDefined();
  });

  afterAll(async () => {
    await shutdown?.shutdown('test done');
    process.env = savedEnv;
    tls.setDefaultCACertificates(defaultCAs);
    await Promise.all([capture.close(), gordo.close(), emulators.close()]);
  });

  it('sends log records with task id, project and model, and one trace per task from enqueue to the upstream calls', async () => {
    // The scheduler's side, in this process: the enqueue spans go through the same SDK.
    const queue = createMemoryTaskQueue({ broker, topic: 'tasks' });
    await queue.enqueue(tasks);
    const succeeded = () =>
      output
        .join('')
        .split('\n')
        .filter((l) => l.includes('"task succeeded"')).length;
    await waitFor('3 tasks succeeded', () => succeeded() >= tasks.length);
    await queue.close();
    // Stops the executor; telemetry is closed last, and flushes what is buffered.
    await shutdown?.shutdown('test done');

    for (const task of tasks) {
      const lines = capture
        .ofType('MessageData')
        .filter((e) => e.data?.baseData?.properties?.['task_id'] === task.taskId);
      expect(lines.map((e) => e.data?.baseData?.['message'])).toContain('task succeeded');
      expect(lines[0]?.data?.baseData?.properties).toMatchObject({ project: 'latigo-test', model: 'stub' });
    }

    const [task] = tasks;
    const operationOf = (e: Envelope) => e.tags?.['ai.operation.id'];
    const request = capture
      .ofType('RequestData')
      .find((e) => e.data?.baseData?.properties?.['task_id'] === task?.taskId) as Envelope;
    expect(request.data?.baseData).toMatchObject({ name: 'task', success: true });
    expect(request.data?.baseData?.properties).toMatchObject({ outcome: 'succeeded', attempt: '1' });
    const trace = operationOf(request);
    expect(trace).toMatch(/^[0-9a-f]{32}$/);

    const dependencies = capture.ofType('RemoteDependencyData').filter((e) => operationOf(e) === trace);
    const enqueue = dependencies.find((e) => e.data?.baseData?.['name'] === 'enqueue tasks');
    expect(enqueue?.data?.baseData?.properties?.['task_id']).toBe(task?.taskId);
    expect(request.tags?.['ai.operation.parentId']).toBe(enqueue?.data?.baseData?.['id']);
    // The upstream calls of this task (Gordo, Timeseries API, metadata API) are the task's children.
    const calls = dependencies.filter(
      (e) => e.tags?.['ai.operation.parentId'] === request.data?.baseData?.['id'],
    );
    const ports = new Set(calls.map((e) => new URL(String(e.data?.baseData?.['data'])).port));
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const url of [gordo.url, emulators.timeseries.url, emulators.metadata.url]) {
      expect(ports).toContain(new URL(url).port);
    }
    // Its log lines carry the same trace.
    const taskLines = capture
      .ofType('MessageData')
      .filter((e) => e.data?.baseData?.properties?.['task_id'] === task?.taskId);
    expect(taskLines.every((e) => operationOf(e) === trace)).toBe(true);
    // Other tasks have traces of their own.
    const others = capture
      .ofType('RequestData')
      .filter((e) => e.data?.baseData?.properties?.['task_id'] !== task?.taskId);
    expect(others.length).toBe(tasks.length - 1);
    expect(others.every((e) => operationOf(e) !== trace)).toBe(true);

    const all = capture.bodies.join('\n');
    expect(all).not.toContain(CLIENT_SECRET);
    expect(all).not.toContain(APIM_KEY);
  });
});
