import type {
  ModelFreshness,
  SlotProjectSummary,
  StaleModel,
  StatusReport,
  TaskStatus,
} from '../status-report';
import { isFinal } from './task-state-order';

/** What a store read for one project in one slot. */
export interface ProjectSnapshot {
  readonly project: string;
  /** Models the scheduler expected. */
  readonly expected: readonly string[];
  /** The latest state of each task known. */
  readonly tasks: readonly TaskStatus[];
}

export interface SlotSnapshot {
  readonly slotMs: number;
  readonly projects: readonly ProjectSnapshot[];
}

/** What a store read for a report; both adapters produce it, {@link buildReport} does the rest. */
export interface StatusSnapshot {
  /** Newest first. */
  readonly slots: readonly SlotSnapshot[];
  /** `project/model` → end of the newest succeeded window (epoch ms). */
  readonly lastSucceededTo: ReadonlyMap<string, number>;
}

export interface BuildReportOptions {
  readonly now: number;
  readonly retentionMs: number;
  readonly freshnessLimitMs: number;
  /** Dead letters listed at most. */
  readonly maxDeadLetters?: number;
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));
const iso = (ms: number) => new Date(ms).toISOString();

/** Counts per slot × project from each task's latest state, stale models, and dead letters. */
export function buildReport(snapshot: StatusSnapshot, options: BuildReportOptions): StatusReport {
  const { now } = options;
  const slots: SlotProjectSummary[] = [];
  const deadLetters: TaskStatus[] = [];
  for (const slot of snapshot.slots) {
    for (const p of [...slot.projects].sort((a, b) => a.project.localeCompare(b.project))) {
      slots.push(summarize(slot.slotMs, p, now));
      for (const task of p.tasks) if (task.state === 'dead_lettered') deadLetters.push(task);
    }
  }
  deadLetters.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const freshness = freshnessOf(snapshot, options);
  const stale: StaleModel[] = [];
  for (const f of freshness) {
    if (f.freshnessSeconds !== undefined && f.freshnessSeconds * 1000 <= options.freshnessLimitMs) continue;
    const latest = latestTaskOf(snapshot, f.project, f.model);
    stale.push({ ...f, ...(latest ? { latest } : {}) });
  }
  return {
    generatedAt: iso(now),
    freshnessLimitSeconds: seconds(options.freshnessLimitMs),
    slots,
    stale,
    deadLetters: deadLetters.slice(0, options.maxDeadLetters ?? 50),
    freshness,
  };
}

function summarize(slotMs: number, p: ProjectSnapshot, now: number): SlotProjectSummary {
  let succeeded = 0;
  let skipped = 0;
  let failed = 0;
  let inFlight = 0;
  let lastOutcomeMs = slotMs;
  for (const task of p.tasks) {
    if (task.state === 'succeeded') succeeded++;
    else if (task.state === 'skipped') skipped++;
    else if (task.state === 'dead_lettered') failed++;
    else inFlight++;
    if (isFinal(task.state)) lastOutcomeMs = Math.max(lastOutcomeMs, Date.parse(task.at));
  }
  const known = new Set(p.tasks.map((t) => t.model));
  // Expected but not heard of yet (enqueue not recorded yet, or lost) also keeps the slot open.
  const open = inFlight > 0 || p.expected.some((m) => !known.has(m));
  return {
    slot: iso(slotMs),
    project: p.project,
    expected: p.expected.length,
    enqueued: p.tasks.length,
    succeeded,
    skipped,
    failed,
    inFlight,
    lagSeconds: seconds((open ? now : lastOutcomeMs) - slotMs),
  };
}

/** The models of each project's newest slot, with the end of their newest stored window. */
function freshnessOf(snapshot: StatusSnapshot, options: BuildReportOptions): ModelFreshness[] {
  const seen = new Set<string>();
  const result: ModelFreshness[] = [];
  for (const slot of snapshot.slots) {
    for (const p of slot.projects) {
      if (seen.has(p.project)) continue;
      seen.add(p.project);
      const models = new Set([...p.expected, ...p.tasks.map((t) => t.model)]);
      for (const model of [...models].sort()) {
        const last = snapshot.lastSucceededTo.get(`${p.project}/${model}`);
        const inRetention = last !== undefined && last >= options.now - options.retentionMs;
        result.push({
          project: p.project,
          model,
          ...(inRetention
            ? { lastSucceededTo: iso(last), freshnessSeconds: seconds(options.now - last) }
            : {}),
        });
      }
    }
  }
  return result.sort((a, b) => a.project.localeCompare(b.project) || a.model.localeCompare(b.model));
}

function latestTaskOf(snapshot: StatusSnapshot, project: string, model: string): TaskStatus | undefined {
  for (const slot of snapshot.slots) {
    const task = slot.projects.find((p) => p.project === project)?.tasks.find((t) => t.model === model);
    if (task) return task;
  }
  return undefined;
}
