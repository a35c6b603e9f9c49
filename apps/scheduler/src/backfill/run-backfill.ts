import { noopLogger, type Logger } from '@latigo/observability';
import type { TaskQueue } from '@latigo/task-queue';
import { codeOf, type DiscoveryResult, messageOf, type ProjectFailure } from '../discovery';
import { tasksForSlot } from '../enqueue';
import type { SlotClock, SlotWindow } from '../slots';
import { BackfillError } from './errors';
import type { Progress } from './progress';
import { backfillSlots } from './range';

export interface BackfillRequest {
  /** Data range `[from, to)`, epoch ms. */
  from: number;
  to: number;
  /** Only these model names (of any project); all when empty. */
  models: readonly string[];
  dryRun: boolean;
  /** Refuse to enqueue more tasks than this. */
  maxTasks: number;
}

export interface BackfillDeps {
  slotClock: SlotClock;
  discovery: { discover(): Promise<DiscoveryResult> };
  queue: Pick<TaskQueue, 'enqueue'>;
  progress: Progress;
  now: () => number;
  signal: AbortSignal;
  logger?: Logger;
}

/** What a backfill did (or, on a dry run, would do). */
export interface BackfillReport {
  dryRun: boolean;
  windows: SlotWindow[];
  /** Slots of the range still to come, left to the scheduler. */
  futureSlots: number;
  /** Models per project that get tasks. */
  models: Record<string, string[]>;
  /** `--model` names no project serves. */
  unknownModels: string[];
  failures: readonly ProjectFailure[];
  slotsDone: number;
  tasksEnqueued: number;
  tasksPlanned: number;
  /** Set when an enqueue failed: the first slot not enqueued and why. */
  stopped?: { window: SlotWindow; code: string; error: string };
  interrupted: boolean;
  durationMs: number;
}

/**
 * Enqueues the slots whose windows cover `[from, to)`, oldest first, one produce round per slot,
 * with the models Gordo serves now. Independent of the running scheduler (no lease, no record):
 * tasks carry the ids the scheduler would give them, so overlapping runs only repeat tasks.
 * @throws BackfillError for an unusable range or too many tasks; DiscoveryError when no model can be listed.
 */
export async function runBackfill(deps: BackfillDeps, request: BackfillRequest): Promise<BackfillReport> {
  const logger = deps.logger ?? noopLogger;
  const started = deps.now();
  const { slots, future } = backfillSlots(deps.slotClock, request.from, request.to, deps.now());
  const windows = slots.map((slot) => deps.slotClock.windowForSlot(slot));
  const discovery = await deps.discovery.discover();
  const wanted = new Set(request.models);
  const models = discovery.models.filter((m) => wanted.size === 0 || wanted.has(m.model));
  const served = new Set(discovery.models.map((m) => m.model));
  const report: BackfillReport = {
    dryRun: request.dryRun,
    windows,
    futureSlots: future,
    models: groupByProject(models),
    unknownModels: request.models.filter((m) => !served.has(m)),
    failures: discovery.failures,
    slotsDone: 0,
    tasksEnqueued: 0,
    tasksPlanned: slots.length * models.length,
    interrupted: false,
    durationMs: 0,
  };
  if (report.tasksPlanned > request.maxTasks) {
    throw new BackfillError(
      'BACKFILL_TOO_MANY_TASKS',
      `${report.tasksPlanned} tasks (${slots.length} slots × ${models.length} models) is more than --max-tasks ${request.maxTasks}; ` +
        'check the range, or raise --max-tasks',
    );
  }
  if (request.dryRun || slots.length === 0 || models.length === 0) {
    return { ...report, durationMs: deps.now() - started };
  }

  deps.progress.start(slots.length);
  try {
    for (const [index, slot] of slots.entries()) {
      if (deps.signal.aborted) {
        report.interrupted = true;
        break;
      }
      const window = windows[index] as SlotWindow;
      try {
        await deps.queue.enqueue(tasksForSlot(models, window, new Date(deps.now())));
      } catch (error) {
        report.stopped = { window, code: codeOf(error), error: messageOf(error) };
        logger.error('backfill stopped: enqueue failed', {
          slot: new Date(slot).toISOString(),
          code: codeOf(error),
        });
        break;
      }
      report.slotsDone += 1;
      report.tasksEnqueued += models.length;
      deps.progress.update(report.slotsDone, report.tasksEnqueued);
    }
  } finally {
    deps.progress.stop();
  }
  return { ...report, durationMs: deps.now() - started };
}

function groupByProject(models: readonly { project: string; model: string }[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const m of models) (grouped[m.project] ??= []).push(m.model);
  return grouped;
}
