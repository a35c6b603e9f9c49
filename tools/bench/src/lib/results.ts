import type { Projection, ProductionLoad } from './projection';

/** Where and when the figures were taken. */
export interface RunMeta {
  date: string;
  commit: string;
  /** Uncommitted changes in the tree when the run started. */
  dirty: boolean;
  quick: boolean;
  wallSeconds: number;
  machine: { cpu: string; cores: number; ramGb: number; os: string; loadAverage: number[] };
  versions: Record<string, string>;
}

export type Upstream = 'gordo' | 'timeseries' | 'metadata';
export type UpstreamCalls = Record<Upstream, number> & { total: number };

export interface SchedulerSlot {
  tasks: number;
  /** Slot tick → the broker acknowledged the last task. */
  lagMs: number;
  discoveryMs: number;
  enqueueMs: number;
  produceRequests: number;
}

export interface SchedulerResult {
  projects: number;
  models: number;
  partitions: number;
  slots: SchedulerSlot[];
  /** Tasks ÷ (tick → last acknowledgement), median over the slots. */
  tasksPerSecond: number;
  /** Tasks ÷ produce time alone (discovery left out), median over the slots. */
  enqueueTasksPerSecond: number;
  medianLagMs: number;
  /** Bytes the broker stored per task (its log segments, record batch overhead included). */
  bytesPerTaskStored: number;
  /** Key + value of one task message. */
  bytesPerTaskMessage: number;
  cpuMsPerTask: number;
  peakRssMb: number;
  /** CPU per second between slots, its Kafka producer connected (absent before 2026-11-24). */
  idleCpuMsPerSecond?: number;
}

export interface ExecutorSetting {
  concurrency: number;
  /** Delay of every emulator call in this run, where it is not the scenario's (`ExecutorResult.latencyMs`). */
  latencyMs?: number;
  models: number;
  slotsPerModel: number;
  tasks: number;
  outcomes: { succeeded: number; skipped: number; failed: number };
  /** Warm phase: every task after each model's first. */
  tasksPerSecond: number;
  /** Cold phase: each model's first task (revision, metadata and series ids not cached yet). */
  tasksPerSecondCold: number;
  criticalPathMs: number;
  efficiency: number;
  callsPerTaskCold: UpstreamCalls;
  callsPerTaskWarm: UpstreamCalls;
  /** Longest chain of dependent upstream calls per task (median), where measured (concurrency 1). */
  roundTripsCold?: number;
  roundTripsWarm?: number;
  cpuMsPerTask: number;
  /** CPU of the emulators (the other process) per task: the machine's other load. */
  emulatorCpuMsPerTask: number;
  /** Heap used and memory outside it (buffers, WebAssembly) at the end of the warm phase. */
  heapMb: number;
  externalMb: number;
  /** RSS of the started executor before its first task. */
  rssAtStartMb: number;
  /** Executor CPU time ÷ wall time, warm phase (1 = one core busy). */
  cpuUtilisation: number;
  /** p99 event-loop delay of the executor and of the emulators' process, warm phase. */
  eventLoopP99Ms: number;
  emulatorEventLoopP99Ms: number;
  /** The machine's 1-minute load average after the run. */
  loadAverage: number;
  p50Ms: number;
  p95Ms: number;
  /** Median time per stage (executor metrics), warm phase. */
  stageMs: Record<string, number>;
  peakRssMb: number;
}

export interface LeakCheck {
  concurrency: number;
  tasks: number;
  samples: { tasks: number; rssMb: number; heapMb: number }[];
  rssAfterWarmupMb: number;
  rssAtEndMb: number;
  /** RSS at the end vs after the first fifth of the tasks. */
  growthPct: number;
  slopeMbPer1kTasks: number;
  peakRssMb: number;
  /** Where the executor's cache and task status were kept (`redis` since 2026-11-24; before, `memory`). */
  stores?: 'memory' | 'redis';
}

export interface ExecutorResult {
  tagsPerModel: number;
  latencyMs: number;
  /** The Node flags the executor processes ran with (the image's, unless overridden). */
  nodeFlags?: string[];
  /** The allocator settings the executor processes ran with (the image's `MALLOC_*`). */
  mallocEnv?: Record<string, string>;
  settings: ExecutorSetting[];
  leak?: LeakCheck;
}

export interface ClientRun {
  /** Median wall time of the measured runs (each with a fresh client). */
  wallMs: number;
  /** Sum of the server's own `Server-Timing` durations over the run's requests. */
  serverMs: number;
  overheadMs: number;
  requests: number;
  rows: Record<string, number>;
  runs: number[];
}

export interface GordoClientResult {
  models: string[];
  window: { from: string; to: string };
  batchSize: number;
  parallelism: number;
  /** Unmeasured runs of each client before its measured ones (absent before 2026-11-24: one). */
  warmups?: number;
  formats: Record<
    'parquet' | 'json',
    {
      ts: ClientRun;
      py: ClientRun;
      ratio: number;
      /** Our requests sent again without the client (bodies encoded, answers not decoded), parallelism 1 only. */
      floor?: ClientRun;
    }
  >;
}

export interface ProjectionResult {
  load: ProductionLoad;
  from: string;
  projection: Projection;
  assumptions: string[];
}

export interface BenchResults {
  meta: RunMeta;
  figures: Record<string, number>;
  targets: TargetCheck[];
  notes: string[];
  /** Scenarios that failed (their figures are missing). */
  failures?: string[];
  scheduler?: SchedulerResult;
  executor?: ExecutorResult;
  gordoClient?: GordoClientResult;
  projection?: ProjectionResult;
}

export interface TargetCheck {
  key: string;
  what: string;
  op: '>=' | '<=';
  target: number;
  value: number | undefined;
  met: boolean | undefined;
}

/** The targets, each on one figure. */
export const TARGETS: readonly Omit<TargetCheck, 'value' | 'met'>[] = [
  { key: 'scheduler.tasks_per_s', what: 'scheduler into the real broker, tasks/s', op: '>=', target: 20_000 },
  { key: 'executor.c32.efficiency', what: 'executor efficiency at concurrency 32', op: '>=', target: 0.8 },
  {
    key: 'executor.round_trips_per_task_warm',
    what: 'dependent upstream round trips per task, warm caches',
    op: '<=',
    target: 4,
  },
  {
    key: 'executor.c32.calls_per_task_warm',
    what: 'upstream calls per task at concurrency 32, warm caches',
    op: '<=',
    target: 4,
  },
  { key: 'executor.c32.peak_rss_mb', what: 'executor peak RSS at concurrency 32, MB', op: '<=', target: 200 },
  {
    key: 'executor.leak.rss_growth_pct',
    what: 'executor RSS growth over 10,000 tasks, % (flat: ≤ 10)',
    op: '<=',
    target: 10,
  },
  {
    key: 'gordo_client.wall_ratio_ts_over_py',
    what: 'our gordo-client ÷ Python gordo-client wall time',
    op: '<=',
    target: 0.5,
  },
];

export function checkTargets(figures: Readonly<Record<string, number>>): TargetCheck[] {
  return TARGETS.map((t) => {
    const value = figures[t.key];
    const known = value !== undefined && Number.isFinite(value);
    return {
      ...t,
      value,
      met: known ? (t.op === '>=' ? value >= t.target : value <= t.target) : undefined,
    };
  });
}

/** The flat `figures` object: every number of the run under a dotted key. */
export function flatFigures(
  results: Omit<BenchResults, 'figures' | 'targets' | 'notes' | 'meta'>,
): Record<string, number> {
  const f: Record<string, number> = {};
  const s = results.scheduler;
  if (s) {
    f['scheduler.tasks_per_s'] = s.tasksPerSecond;
    f['scheduler.enqueue_tasks_per_s'] = s.enqueueTasksPerSecond;
    f['scheduler.tick_to_last_ack_ms'] = s.medianLagMs;
    f['scheduler.tasks_per_slot'] = s.slots[0]?.tasks ?? 0;
    f['scheduler.bytes_per_task_stored'] = s.bytesPerTaskStored;
    f['scheduler.bytes_per_task_message'] = s.bytesPerTaskMessage;
    f['scheduler.cpu_ms_per_task'] = s.cpuMsPerTask;
    f['scheduler.peak_rss_mb'] = s.peakRssMb;
    f['scheduler.idle_cpu_ms_per_s'] = s.idleCpuMsPerSecond ?? Number.NaN;
  }
  const e = results.executor;
  if (e) {
    for (const x of e.settings) {
      const p = `executor.${settingKey(x)}`;
      f[`${p}.tasks`] = x.tasks;
      f[`${p}.tasks_per_s`] = x.tasksPerSecond;
      f[`${p}.tasks_per_s_cold`] = x.tasksPerSecondCold;
      f[`${p}.critical_path_ms`] = x.criticalPathMs;
      f[`${p}.efficiency`] = x.efficiency;
      f[`${p}.calls_per_task_cold`] = x.callsPerTaskCold.total;
      f[`${p}.calls_per_task_warm`] = x.callsPerTaskWarm.total;
      f[`${p}.cpu_ms_per_task`] = x.cpuMsPerTask;
      f[`${p}.emulator_cpu_ms_per_task`] = x.emulatorCpuMsPerTask;
      f[`${p}.cpu_utilisation`] = x.cpuUtilisation;
      f[`${p}.event_loop_p99_ms`] = x.eventLoopP99Ms;
      f[`${p}.emulator_event_loop_p99_ms`] = x.emulatorEventLoopP99Ms;
      f[`${p}.load_average`] = x.loadAverage;
      f[`${p}.p50_ms`] = x.p50Ms;
      f[`${p}.p95_ms`] = x.p95Ms;
      f[`${p}.peak_rss_mb`] = x.peakRssMb;
      f[`${p}.rss_at_start_mb`] = x.rssAtStartMb;
      f[`${p}.heap_mb`] = x.heapMb;
      f[`${p}.external_mb`] = x.externalMb;
      f[`${p}.failed`] = x.outcomes.failed + x.outcomes.skipped;
      if (x.roundTripsWarm !== undefined) f['executor.round_trips_per_task_warm'] = x.roundTripsWarm;
      if (x.roundTripsCold !== undefined) f['executor.round_trips_per_task_cold'] = x.roundTripsCold;
    }
    if (e.leak) {
      f['executor.leak.tasks'] = e.leak.tasks;
      f['executor.leak.rss_after_warmup_mb'] = e.leak.rssAfterWarmupMb;
      f['executor.leak.rss_after_all_mb'] = e.leak.rssAtEndMb;
      f['executor.leak.rss_growth_pct'] = e.leak.growthPct;
      f['executor.leak.rss_slope_mb_per_1k_tasks'] = e.leak.slopeMbPer1kTasks;
      f['executor.leak.peak_rss_mb'] = e.leak.peakRssMb;
    }
  }
  const g = results.gordoClient;
  if (g) {
    for (const [format, r] of Object.entries(g.formats)) {
      f[`gordo_client.${format}.ts_wall_ms`] = r.ts.wallMs;
      f[`gordo_client.${format}.py_wall_ms`] = r.py.wallMs;
      f[`gordo_client.${format}.ratio_ts_over_py`] = r.ratio;
      f[`gordo_client.${format}.ts_overhead_ms`] = r.ts.overheadMs;
      f[`gordo_client.${format}.py_overhead_ms`] = r.py.overheadMs;
      f[`gordo_client.${format}.ts_server_ms`] = r.ts.serverMs;
      f[`gordo_client.${format}.py_server_ms`] = r.py.serverMs;
      if (r.floor) {
        f[`gordo_client.${format}.replay_wall_ms`] = r.floor.wallMs;
        f[`gordo_client.${format}.replay_ratio_over_py`] = r.floor.wallMs / r.py.wallMs;
        f[`gordo_client.${format}.ts_beyond_replay_ms`] = r.ts.wallMs - r.floor.wallMs;
      }
    }
    // Latigo predicts over parquet (predictor.use_parquet: true): that is the headline.
    f['gordo_client.wall_ratio_ts_over_py'] = g.formats.parquet.ratio;
  }
  const p = results.projection;
  if (p) {
    f['projection.executor_processes'] = p.projection.processes;
    f['projection.executor_processes_cold'] = p.projection.processesCold;
    f['projection.required_tasks_per_s'] = p.projection.requiredTasksPerSecond;
    f['projection.tasks_per_s_per_process'] = p.projection.perProcess;
  }
  // JSON has no NaN: a figure that could not be taken is left out (and its target shows "not measured").
  for (const key of Object.keys(f)) {
    const value = f[key] as number;
    // Calls per task to 2 decimals: a periodic refresh (the revision every 30 s) adds a few thousandths.
    if (Number.isFinite(value))
      f[key] = key.includes('calls_per_task') ? Math.round(value * 100) / 100 : roundFigure(value);
    else delete f[key];
  }
  return f;
}

/** `c32`, or `c32_at_200ms` for a run at another call latency than the scenario's. */
export function settingKey(setting: Pick<ExecutorSetting, 'concurrency' | 'latencyMs'>): string {
  return setting.latencyMs === undefined
    ? `c${setting.concurrency}`
    : `c${setting.concurrency}_at_${setting.latencyMs}ms`;
}

/** The setting at this concurrency and the scenario's call latency (the one the targets are about). */
export function settingAt(
  settings: readonly ExecutorSetting[],
  concurrency: number,
): ExecutorSetting | undefined {
  return settings.find((s) => s.concurrency === concurrency && s.latencyMs === undefined);
}

/** The setting at this concurrency whose calls were delayed `latencyMs`, by the scenario or by its own run. */
export function settingWithLatency(
  executor: Pick<ExecutorResult, 'settings' | 'latencyMs'>,
  concurrency: number,
  latencyMs: number,
): ExecutorSetting | undefined {
  return executor.settings.find(
    (s) => s.concurrency === concurrency && (s.latencyMs ?? executor.latencyMs) === latencyMs,
  );
}

function roundFigure(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 3;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
