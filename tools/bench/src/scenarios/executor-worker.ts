import { subscribe } from 'node:diagnostics_channel';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startExecutor } from '@latigo/executor/composition';
import { createTask, createTaskQueue, MemoryBroker, type Task } from '@latigo/task-queue';
import { createAppContext, type LogRecord } from '@latigo/service-runtime';
import { loadExecutorConfig } from '../lib/app-config';
import type { Interval } from '../lib/stats';
import { parentChannel, usage } from '../lib/worker-process';

export interface ExecutorWorkerParams {
  concurrency: number;
  project: string;
  models: string[];
  /** Slots per model; the first is the cold phase, the rest the warm phase. */
  slots: number;
  /** Start of the first slot's window (epoch ms); windows are 30 minutes, one after the other. */
  firstWindow: number;
  urls: { gordo: string; timeseries: string; metadata: string };
  /** Record every upstream request's interval, to find the dependent round trips (concurrency 1 only). */
  traceRequests: boolean;
  /** Sample RSS every this many finished tasks (leak check); 0: no samples. */
  sampleEvery: number;
  logDir: string;
  /** The executor's cache (and so its task status) in this Redis instead of in memory. */
  redis?: { host: string; port: number };
}

/** What one phase did, measured inside the executor's process. */
export interface PhaseReport {
  type: 'phase';
  name: 'cold' | 'warm';
  tasks: number;
  wallMs: number;
  cpuMs: number;
  durations: number[];
  outcomes: { succeeded: number; skipped: number; failed: number };
  stageMs: Record<string, number[]>;
  /** Per task (concurrency 1): the upstream requests made between its start and its end. */
  taskRequests?: Interval[][];
  taskWindows?: Interval[];
  samples: { tasks: number; rssMb: number; heapMb: number }[];
  maxRssMb: number;
  /** Heap used and memory outside it (buffers, WebAssembly) at the end of the phase. */
  heapMb: number;
  externalMb: number;
  /** RSS once the executor was started, before any task. */
  rssAtStartMb: number;
  /** p99 of the executor's event-loop delay over the phase: how late it got to ready responses. */
  eventLoopP99Ms: number;
  errors: string[];
}

const SLOT_MS = 30 * 60_000;

interface TaskLine {
  outcome: 'succeeded' | 'skipped' | 'failed';
  ms: number;
  at: number;
  stageMs?: Record<string, number>;
}

const OUTCOMES: Record<string, TaskLine['outcome']> = {
  'task succeeded': 'succeeded',
  'task skipped': 'skipped',
  'task skipped: already done': 'skipped',
  'task failed': 'failed',
};

/**
 * Child process: one executor through its composition root (in-memory queue and cache, the
 * emulated upstreams of the parent), fed `models × slots` tasks in two phases: each model's first
 * task (cold caches), then the rest (warm). Between phases it waits for the parent, which reads
 * the emulators' request counts.
 */
export async function runExecutorWorker(): Promise<void> {
  const parent = parentChannel();
  const params = (await parent.next('start'))['params'] as ExecutorWorkerParams;
  const gordo = { connection_string: params.urls.gordo };
  const timeseries = { base_url: params.urls.timeseries };
  const config = await loadExecutorConfig({
    executor: { concurrency: params.concurrency },
    task_queue: { type: 'memory' },
    cache: params.redis
      ? { type: 'redis', host: params.redis.host, port: params.redis.port, tls: false }
      : { type: 'memory' },
    model_info: gordo,
    predictor: gordo,
    sensor_data: timeseries,
    prediction_storage: timeseries,
    prediction_metadata_storage: { base_url: params.urls.metadata },
    server: { host: '127.0.0.1', port: 0 },
  });

  const lines: TaskLine[] = [];
  const errors: string[] = [];
  const samples: PhaseReport['samples'] = [];
  let lineSeen: (() => void) | undefined;
  const sink = (record: LogRecord) => {
    if (record.level === 'error' && errors.length < 20) errors.push(record.message);
    const outcome = OUTCOMES[record.message];
    const ms = record.meta['ms'];
    if (!outcome || typeof ms !== 'number') return;
    const stageMs = record.meta['stageMs'] as Record<string, number> | undefined;
    lines.push({ outcome, ms, at: performance.now(), ...(stageMs ? { stageMs } : {}) });
    if (params.sampleEvery > 0 && lines.length % params.sampleEvery === 0) {
      const u = usage();
      samples.push({ tasks: lines.length, rssMb: u.rssMb, heapMb: u.heapMb });
    }
    lineSeen?.();
  };

  const requests: Interval[] = [];
  if (params.traceRequests) {
    const open = new WeakMap<object, number>();
    subscribe('undici:request:create', (m) =>
      open.set((m as { request: object }).request, performance.now()),
    );
    const close = (m: unknown) => {
      const request = (m as { request: object }).request;
      const start = open.get(request);
      if (start !== undefined) requests.push({ start, end: performance.now() });
    };
    subscribe('undici:request:trailers', close);
    subscribe('undici:request:error', close);
  }

  const app = await createAppContext(
    'executor',
    config,
    join(params.logDir, `executor-c${params.concurrency}.jsonl`),
    sink,
  );
  const broker = new MemoryBroker();
  await startExecutor(app.ctx, { memoryBroker: broker });
  const rssAtStartMb = usage().rssMb;
  const producer = createTaskQueue(config.task_queue, { memoryBroker: broker });

  const tasksOf = (slot: number): Task[] =>
    params.models.map((modelName) =>
      createTask({
        projectName: params.project,
        modelName,
        fromTime: new Date(params.firstWindow + slot * SLOT_MS),
        toTime: new Date(params.firstWindow + (slot + 1) * SLOT_MS),
        scheduledAt: new Date(),
      }),
    );

  const runPhase = async (name: PhaseReport['name'], slots: number[]): Promise<PhaseReport> => {
    const first = lines.length;
    const firstRequest = requests.length;
    const tasks = slots.length * params.models.length;
    const before = usage();
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const started = performance.now();
    for (const slot of slots) await producer.enqueue(tasksOf(slot));
    while (lines.length < first + tasks) {
      await new Promise<void>((resolve) => {
        lineSeen = resolve;
        setTimeout(resolve, 500);
      });
    }
    const ended = performance.now();
    loopDelay.disable();
    const after = usage();
    const phase = lines.slice(first, first + tasks);
    const stageMs: Record<string, number[]> = {};
    for (const line of phase)
      for (const [stage, ms] of Object.entries(line.stageMs ?? {})) (stageMs[stage] ??= []).push(ms);
    const report: PhaseReport = {
      type: 'phase',
      name,
      tasks,
      wallMs: ended - started,
      cpuMs: after.cpuMs - before.cpuMs,
      durations: phase.map((l) => l.ms),
      outcomes: {
        succeeded: phase.filter((l) => l.outcome === 'succeeded').length,
        skipped: phase.filter((l) => l.outcome === 'skipped').length,
        failed: phase.filter((l) => l.outcome === 'failed').length,
      },
      stageMs,
      samples: samples.filter((s) => s.tasks > first),
      maxRssMb: after.maxRssMb,
      heapMb: after.heapMb,
      externalMb: after.externalMb,
      rssAtStartMb,
      eventLoopP99Ms: loopDelay.percentile(99) / 1e6,
      errors,
    };
    if (params.traceRequests) {
      // One task at a time: a task's requests are those between its start (end − duration) and its end.
      const windows = phase.map((l) => ({ start: l.at - l.ms - 1, end: l.at + 1 }));
      const own = requests.slice(firstRequest);
      report.taskWindows = windows;
      report.taskRequests = windows.map((w) => own.filter((r) => r.start >= w.start && r.end <= w.end));
    }
    return report;
  };

  parent.send({ ...(await runPhase('cold', [0])) });
  await parent.next('continue');
  parent.send({
    ...(await runPhase(
      'warm',
      Array.from({ length: params.slots - 1 }, (_, i) => i + 1),
    )),
  });
  await parent.next('continue');
  await producer.close();
  await app.stop('benchmark done');
  await app.closeLog();
  parent.send({ type: 'done' });
}
