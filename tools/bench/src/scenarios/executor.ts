import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  settingKey,
  type ExecutorResult,
  type ExecutorSetting,
  type LeakCheck,
  type UpstreamCalls,
} from '../lib/results';
import { dependentRoundTrips, efficiency, median, percentile, slope } from '../lib/stats';
import { usage, WorkerProcess } from '../lib/worker-process';
import type { ExecutorWorkerParams, PhaseReport } from './executor-worker';
import { startPeer, stopPeer } from '@latigo/peers';
import { startExecutorWorld } from './executor-world';
import { executorImageMallocEnv, executorImageNodeFlags } from '../lib/image-flags';

export interface ExecutorRunPlan {
  concurrency: number;
  models: number;
  slots: number;
  /** Delay of every emulator call in this run, instead of the scenario's `latencyMs`. */
  latencyMs?: number;
}

export interface ExecutorScenarioOptions {
  runs: ExecutorRunPlan[];
  leak?: ExecutorRunPlan & { sampleEvery: number };
  tags: number;
  latencyMs: number;
  logDir: string;
  /** Where the leak check's Redis peer keeps its state. */
  stateDir: string;
  cpuProfileDir?: string;
  log: (line: string) => void;
}

const SLOT_MS = 30 * 60_000;

interface RunOutcome {
  cold: PhaseReport;
  warm: PhaseReport;
  callsCold: UpstreamCalls;
  callsWarm: UpstreamCalls;
  /** CPU of this process (the emulators) during the warm phase. */
  emulatorCpuMs: number;
  emulatorEventLoopP99Ms: number;
}

/** The image's allocator settings (MALLOC_*), where this environment does not set them itself. */
export function executorMallocEnv(): Record<string, string> {
  const env = executorImageMallocEnv();
  for (const key of Object.keys(env)) {
    const own = process.env[key];
    if (own !== undefined) env[key] = own;
  }
  return env;
}

/** The image's Node flags (what ships), unless LATIGO_BENCH_EXECUTOR_FLAGS sets others ("" for none). */
export function executorNodeFlags(): string[] {
  const override = process.env['LATIGO_BENCH_EXECUTOR_FLAGS'];
  return override === undefined ? executorImageNodeFlags() : override.split(' ').filter(Boolean);
}

/** One executor process over a fresh world: the cold phase, then the warm one, with the emulators' counts around each. */
async function runOnce(
  plan: ExecutorRunPlan,
  options: ExecutorScenarioOptions,
  extra: { traceRequests: boolean; sampleEvery: number; redis?: { host: string; port: number } },
): Promise<RunOutcome> {
  const world = await startExecutorWorld({
    models: plan.models,
    tags: options.tags,
    latencyMs: plan.latencyMs ?? options.latencyMs,
  });
  const worker = new WorkerProcess('executor', `executor-c${plan.concurrency}`, {
    nodeFlags: executorNodeFlags(),
    env: executorMallocEnv(),
    ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
  });
  try {
    const firstWindow = Math.floor(Date.now() / SLOT_MS) * SLOT_MS - (plan.slots + 2) * SLOT_MS;
    const params: ExecutorWorkerParams = {
      concurrency: plan.concurrency,
      project: world.project,
      models: world.models,
      slots: plan.slots,
      firstWindow,
      urls: world.urls,
      traceRequests: extra.traceRequests,
      sampleEvery: extra.sampleEvery,
      logDir: options.logDir,
      ...(extra.redis ? { redis: extra.redis } : {}),
    };
    worker.send({ type: 'start', params });
    const before = world.requests();
    const cold = (await worker.next('phase')) as unknown as PhaseReport;
    const afterCold = world.requests();
    const cpuBefore = usage().cpuMs;
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    worker.send({ type: 'continue' });
    const warm = (await worker.next('phase')) as unknown as PhaseReport;
    loopDelay.disable();
    const emulatorCpuMs = usage().cpuMs - cpuBefore;
    const afterWarm = world.requests();
    worker.send({ type: 'continue' });
    await worker.next('done');
    await worker.exit();
    return {
      cold,
      warm,
      callsCold: perTask(before, afterCold, cold.tasks),
      callsWarm: perTask(afterCold, afterWarm, warm.tasks),
      emulatorCpuMs,
      emulatorEventLoopP99Ms: loopDelay.percentile(99) / 1e6,
    };
  } finally {
    worker.kill();
    await world.close();
  }
}

function perTask(
  before: Record<'gordo' | 'timeseries' | 'metadata', number>,
  after: Record<'gordo' | 'timeseries' | 'metadata', number>,
  tasks: number,
): UpstreamCalls {
  const per = (k: 'gordo' | 'timeseries' | 'metadata') =>
    tasks > 0 ? (after[k] - before[k]) / tasks : Number.NaN;
  const calls = { gordo: per('gordo'), timeseries: per('timeseries'), metadata: per('metadata') };
  return { ...calls, total: calls.gordo + calls.timeseries + calls.metadata };
}

/** Median of the per-task dependent round trips. */
function roundTrips(phase: PhaseReport): number | undefined {
  if (!phase.taskRequests) return undefined;
  return median(phase.taskRequests.map((r) => dependentRoundTrips(r)));
}

/**
 * Scenario 2: one executor process per concurrency setting against the emulators, every call
 * delayed; the first setting should be concurrency 1, where each task's requests can be told
 * apart and its dependent round trips counted (the critical path of every setting).
 */
export async function executorScenario(options: ExecutorScenarioOptions): Promise<ExecutorResult> {
  const settings: ExecutorSetting[] = [];
  // Measured once, at concurrency 1; the same calls at another delay make a proportional critical path.
  let criticalPathTrips = Number.NaN;
  for (const plan of options.runs) {
    const tasks = plan.models * plan.slots;
    const latencyMs = plan.latencyMs ?? options.latencyMs;
    const ownLatency = latencyMs === options.latencyMs ? {} : { latencyMs };
    options.log(
      `executor: concurrency ${plan.concurrency}, ${tasks} tasks (${plan.models} models × ${plan.slots} slots), calls delayed ${latencyMs} ms`,
    );
    const traceRequests = plan.concurrency === 1;
    const run = await runOnce(plan, options, { traceRequests, sampleEvery: 0 });
    const warmTrips = roundTrips(run.warm);
    const coldTrips = roundTrips(run.cold);
    if (warmTrips !== undefined) criticalPathTrips = warmTrips;
    const criticalPathMs = criticalPathTrips * latencyMs;
    const warmRate = run.warm.tasks / (run.warm.wallMs / 1000);
    const all = [...run.cold.durations, ...run.warm.durations];
    const setting: ExecutorSetting = {
      concurrency: plan.concurrency,
      ...ownLatency,
      models: plan.models,
      slotsPerModel: plan.slots,
      tasks,
      outcomes: {
        succeeded: run.cold.outcomes.succeeded + run.warm.outcomes.succeeded,
        skipped: run.cold.outcomes.skipped + run.warm.outcomes.skipped,
        failed: run.cold.outcomes.failed + run.warm.outcomes.failed,
      },
      tasksPerSecond: warmRate,
      tasksPerSecondCold: run.cold.tasks / (run.cold.wallMs / 1000),
      criticalPathMs,
      efficiency: efficiency(warmRate, plan.concurrency, criticalPathMs),
      callsPerTaskCold: run.callsCold,
      callsPerTaskWarm: run.callsWarm,
      ...(warmTrips !== undefined ? { roundTripsWarm: warmTrips } : {}),
      ...(coldTrips !== undefined ? { roundTripsCold: coldTrips } : {}),
      cpuMsPerTask: run.warm.cpuMs / run.warm.tasks,
      emulatorCpuMsPerTask: run.emulatorCpuMs / run.warm.tasks,
      heapMb: run.warm.heapMb,
      externalMb: run.warm.externalMb,
      rssAtStartMb: run.warm.rssAtStartMb,
      cpuUtilisation: run.warm.cpuMs / run.warm.wallMs,
      eventLoopP99Ms: run.warm.eventLoopP99Ms,
      emulatorEventLoopP99Ms: run.emulatorEventLoopP99Ms,
      loadAverage: loadavg()[0] ?? 0,
      p50Ms: percentile(all, 0.5),
      p95Ms: percentile(all, 0.95),
      stageMs: Object.fromEntries(Object.entries(run.warm.stageMs).map(([k, v]) => [k, median(v)])),
      peakRssMb: run.warm.maxRssMb,
    };
    settings.push(setting);
    options.log(
      `executor: ${settingKey(setting)}: ${setting.tasksPerSecond.toFixed(1)} tasks/s warm, efficiency ${setting.efficiency.toFixed(3)}, ` +
        `calls/task ${setting.callsPerTaskCold.total.toFixed(1)} cold / ${setting.callsPerTaskWarm.total.toFixed(1)} warm, ` +
        `CPU ${setting.cpuMsPerTask.toFixed(2)} ms/task, p50 ${setting.p50Ms.toFixed(0)} ms, peak RSS ${setting.peakRssMb.toFixed(0)} MB` +
        (warmTrips !== undefined ? `, round trips ${coldTrips} cold / ${warmTrips} warm` : '') +
        (run.warm.errors.length ? `; errors: ${run.warm.errors.slice(0, 3).join('; ')}` : ''),
    );
  }
  const result: ExecutorResult = {
    tagsPerModel: options.tags,
    latencyMs: options.latencyMs,
    nodeFlags: executorNodeFlags(),
    mallocEnv: executorMallocEnv(),
    settings,
  };
  if (options.leak) {
    const plan = options.leak;
    options.log(`executor: leak check, concurrency ${plan.concurrency}, ${plan.models * plan.slots} tasks`);
    // The executor's own stores (done markers, series ids, task status) in Redis, as in
    // production: in memory they would grow by design with every task and hide a real leak.
    const env = await startPeer('redis', options.stateDir);
    try {
      const redis = {
        host: env['LATIGO_TEST_REDIS_HOST'] as string,
        port: Number(env['LATIGO_TEST_REDIS_PORT']),
      };
      const run = await runOnce(plan, options, {
        traceRequests: false,
        sampleEvery: plan.sampleEvery,
        redis,
      });
      result.leak = { ...leakCheck(plan, run.warm), stores: 'redis' };
    } finally {
      await stopPeer('redis', options.stateDir);
    }
    options.log(
      `executor: leak check: RSS ${result.leak.rssAfterWarmupMb.toFixed(0)} → ${result.leak.rssAtEndMb.toFixed(0)} MB (${result.leak.growthPct.toFixed(1)} %)`,
    );
  }
  return result;
}

/** RSS over the warm phase: after the first fifth of the tasks (caches full, JIT warm) vs at the end. */
export function leakCheck(plan: ExecutorRunPlan, warm: PhaseReport): LeakCheck {
  const samples = warm.samples;
  const total = plan.models * plan.slots;
  const settled = samples.filter((s) => s.tasks >= total / 5);
  const first = settled[0] ?? samples[0];
  const last = samples.at(-1);
  const rssAfterWarmupMb = first?.rssMb ?? Number.NaN;
  const rssAtEndMb = last?.rssMb ?? Number.NaN;
  return {
    concurrency: plan.concurrency,
    tasks: total,
    samples,
    rssAfterWarmupMb,
    rssAtEndMb,
    growthPct: ((rssAtEndMb - rssAfterWarmupMb) / rssAfterWarmupMb) * 100,
    slopeMbPer1kTasks: slope(settled.map((s) => ({ x: s.tasks / 1000, y: s.rssMb }))),
    peakRssMb: warm.maxRssMb,
  };
}
