import type { RunEvents } from './run-events';
import { finished, type TallySnapshot } from './tally';

export type Upstream = 'gordo' | 'timeseries' | 'metadata';
export const UPSTREAMS: readonly Upstream[] = ['gordo', 'timeseries', 'metadata'];

/** Requests to one upstream, and per task. */
export interface UpstreamFigure {
  upstream: Upstream;
  requests: number;
  perTask: number;
  /** `emulator`: counted by the emulator that answered (the scheduler's model discovery included); `executors`: counted by the executors (a real upstream). */
  source: 'emulator' | 'executors';
}

/** The figures of a run, for the summary and the report. */
export interface RunFigures {
  tally: TallySnapshot;
  slots: number;
  models: number;
  /** Task runs (attempts) the executors logged. */
  taskRuns: number;
  /** From the start of the command to the end of the run. */
  wallMs: number;
  /** From the first slot enqueued to the last task finished. */
  executionMs: number;
  tasksPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  upstreams: UpstreamFigure[];
}

export interface FigureInput {
  tally: TallySnapshot;
  events: RunEvents;
  startedAt: number;
  endedAt: number;
  /** Requests each emulator answered; an upstream served by a real peer has 0 here. */
  emulatorRequests: Record<Upstream, number>;
  /** `latigo_executor_upstream_requests_total` per upstream, summed over the executors. */
  executorRequests: Record<Upstream, number>;
}

export function computeFigures(input: FigureInput): RunFigures {
  const { tally, events } = input;
  const durations = events.taskRuns.map((r) => r.durationMs);
  const firstSlot = Math.min(...events.slots.map((s) => s.at));
  const lastRun = Math.max(...events.taskRuns.map((r) => r.at));
  const executionMs =
    Number.isFinite(firstSlot) && Number.isFinite(lastRun) ? Math.max(0, lastRun - firstSlot) : 0;
  const done = finished(tally);
  return {
    tally,
    slots: events.slots.length,
    models: events.models().length,
    taskRuns: events.taskRuns.length,
    wallMs: input.endedAt - input.startedAt,
    executionMs,
    tasksPerSecond: executionMs > 0 ? done / (executionMs / 1000) : 0,
    p50Ms: percentile(durations, 0.5),
    p95Ms: percentile(durations, 0.95),
    upstreams: UPSTREAMS.map((upstream) => {
      const fromEmulator = input.emulatorRequests[upstream];
      const requests = fromEmulator > 0 ? fromEmulator : input.executorRequests[upstream];
      return {
        upstream,
        requests,
        perTask: done > 0 ? requests / done : 0,
        source: fromEmulator > 0 ? 'emulator' : 'executors',
      };
    }),
  };
}

/** The `q` quantile (0…1) with linear interpolation between ranks (numpy's default); NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}
