/** Production load and what is assumed about it. */
export interface ProductionLoad {
  models: number;
  slotSeconds: number;
  /** Latency of every upstream call in production. */
  callLatencyMs: number;
  /** Share of the slot the tasks may take, leaving the rest for retries, redeliveries and catch-up. */
  slotShare: number;
  /** Share of one core an executor process may use before CPU becomes the limit. */
  cpuShare: number;
}

export const LATIGO_PRODUCTION: ProductionLoad = {
  models: 9000,
  slotSeconds: 1800,
  callLatencyMs: 200,
  slotShare: 0.5,
  cpuShare: 0.7,
};

/** What scenario 2 measured at the setting the projection uses. */
export interface MeasuredExecutor {
  concurrency: number;
  efficiency: number;
  roundTripsWarm: number;
  roundTripsCold: number;
  cpuMsPerTask: number;
}

export interface Projection {
  requiredTasksPerSecond: number;
  criticalPathMsWarm: number;
  criticalPathMsCold: number;
  /** One process, limited by waiting on upstreams: efficiency × concurrency ÷ critical path. */
  perProcessByLatency: number;
  /** One process, limited by its CPU: cpuShare × 1000 ÷ CPU ms per task. */
  perProcessByCpu: number;
  perProcess: number;
  limitedBy: 'latency' | 'cpu';
  processes: number;
  /** Processes for a slot run entirely on cold caches (the first after a deployment). */
  processesCold: number;
}

/**
 * How many executor processes the production load needs, from what one process did in the
 * benchmark: each task waits for its dependent upstream calls (now at the production latency)
 * plus its own CPU time, a process keeps `concurrency` tasks in flight at the measured efficiency,
 * and CPU caps it. The measured efficiency is taken as is; at a longer latency the CPU share of a
 * task is smaller, so this errs on the safe side.
 */
export function projectProcesses(load: ProductionLoad, measured: MeasuredExecutor): Projection {
  const requiredTasksPerSecond = load.models / (load.slotSeconds * load.slotShare);
  const criticalPathMsWarm = measured.roundTripsWarm * load.callLatencyMs + measured.cpuMsPerTask;
  const criticalPathMsCold = measured.roundTripsCold * load.callLatencyMs + measured.cpuMsPerTask;
  const byLatency = (pathMs: number) => (measured.efficiency * measured.concurrency) / (pathMs / 1000);
  const perProcessByCpu =
    measured.cpuMsPerTask > 0 ? (load.cpuShare * 1000) / measured.cpuMsPerTask : Number.POSITIVE_INFINITY;
  const perProcessByLatency = byLatency(criticalPathMsWarm);
  const perProcess = Math.min(perProcessByLatency, perProcessByCpu);
  const perProcessCold = Math.min(byLatency(criticalPathMsCold), perProcessByCpu);
  return {
    requiredTasksPerSecond,
    criticalPathMsWarm,
    criticalPathMsCold,
    perProcessByLatency,
    perProcessByCpu,
    perProcess,
    limitedBy: perProcessByLatency <= perProcessByCpu ? 'latency' : 'cpu',
    processes: Math.max(1, Math.ceil(requiredTasksPerSecond / perProcess)),
    processesCold: Math.max(1, Math.ceil(requiredTasksPerSecond / perProcessCold)),
  };
}
