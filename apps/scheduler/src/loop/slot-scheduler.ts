import { noopLogger, type Logger } from '@latigo/observability';
import type { TaskQueue } from '@latigo/task-queue';
import { taskStatusEvent, type TaskStatusRecorder } from '@latigo/task-status';
import { codeOf, DiscoveryError, type DiscoveryResult, messageOf } from '../discovery';
import { countByProject, tasksForSlot } from '../enqueue';
import type { Leadership } from '../leadership';
import type { SchedulerMetrics } from '../metrics';
import type { SlotClock } from '../slots';
import type { SlotStore } from '../state';
import type { Clock } from '../time';
import { planSlots } from './plan-slots';

export interface SlotSchedulerOptions {
  slotClock: SlotClock;
  clock: Clock;
  slots: SlotStore;
  leadership: Leadership;
  discovery: { discover(): Promise<DiscoveryResult> };
  queue: Pick<TaskQueue, 'enqueue'>;
  catchupWindowMs: number;
  runAtOnce: boolean;
  logger?: Logger;
  metrics?: SchedulerMetrics;
  /** Records each slot's expected models and its tasks once enqueued (never blocks). */
  taskStatus?: Pick<TaskStatusRecorder, 'expect' | 'record'>;
  /** After a failed attempt (discovery, broker, Redis), wait this long before trying again. Default 30 s. */
  retryDelayMs?: number;
  /** Longest single sleep, so a wall-clock step is noticed soon. Default 60 s. */
  maxSleepMs?: number;
}

/** How one pass went. */
export type PassOutcome = 'idle' | 'enqueued' | 'failed' | 'stopped';

const iso = (t: number) => new Date(t).toISOString();

/**
 * The scheduler's main loop. It sleeps until the next slot (or until this process becomes the
 * leader), then, as the leader only, enqueues the due slots oldest first: the models are
 * discovered once per pass, each slot's tasks are enqueued, and the slot is recorded as done only
 * after the broker acknowledged all of them. A failure stops the pass (later slots wait, so the
 * record never skips a slot) and the pass is tried again after `retryDelayMs`.
 */
export class SlotScheduler {
  private readonly logger: Logger;
  private readonly retryDelayMs: number;
  private readonly maxSleepMs: number;
  private watchingSince: number;
  private wake = new AbortController();
  private reportedSkipsAfter: number | undefined;

  constructor(private readonly options: SlotSchedulerOptions) {
    this.logger = (options.logger ?? noopLogger).child({ component: 'slot-scheduler' });
    this.retryDelayMs = options.retryDelayMs ?? 30_000;
    this.maxSleepMs = options.maxSleepMs ?? 60_000;
    this.watchingSince = options.clock.now();
  }

  /** Runs until `signal` aborts; a slot being enqueued is finished (acknowledged) first. */
  async run(signal: AbortSignal): Promise<void> {
    const { clock, slotClock, leadership } = this.options;
    const startedAt = clock.now();
    this.watchingSince = this.options.runAtOnce ? slotClock.latestSlotAtOrBefore(startedAt) - 1 : startedAt;
    const unsubscribe = leadership.onChange(() => this.wake.abort());
    let retryAt: number | undefined;
    try {
      while (!signal.aborted) {
        if (leadership.isLeader() && (retryAt === undefined || clock.now() >= retryAt)) {
          const outcome = await this.pass(signal);
          retryAt = outcome === 'failed' ? clock.now() + this.retryDelayMs : undefined;
        }
        const now = clock.now();
        const wakeAt = Math.min(slotClock.nextSlotAfter(now), retryAt ?? Infinity, now + this.maxSleepMs);
        await clock.sleep(wakeAt - now, AbortSignal.any([signal, this.wake.signal]));
        if (this.wake.signal.aborted) this.wake = new AbortController();
      }
    } finally {
      unsubscribe();
    }
  }

  /** Enqueues what is due now (as the leader); exposed for tests. */
  async pass(signal?: AbortSignal): Promise<PassOutcome> {
    const { clock, slotClock, slots } = this.options;
    let lastDone: number | undefined;
    try {
      lastDone = await slots.lastDone();
    } catch (error) {
      this.logger.error('cannot read the last enqueued slot; trying again later', { error });
      return 'failed';
    }
    const now = clock.now();
    const plan = planSlots(slotClock, {
      lastDone,
      now,
      watchingSince: this.watchingSince,
      catchupWindowMs: this.options.catchupWindowMs,
    });
    if (plan.skipped > 0 && this.reportedSkipsAfter !== lastDone) {
      this.reportedSkipsAfter = lastDone;
      this.options.metrics?.slots.inc({ outcome: 'skipped' }, plan.skipped);
      this.logger.warn('missed slots older than catchup_window are not enqueued', {
        skipped: plan.skipped,
        lastEnqueuedSlot: lastDone === undefined ? undefined : iso(lastDone),
        catchupWindowMs: this.options.catchupWindowMs,
      });
    }
    if (plan.due.length === 0) return 'idle';

    const discovery = await this.discover(plan.due);
    if (!discovery) return 'failed';
    const current = slotClock.latestSlotAtOrBefore(now);
    for (const slot of plan.due) {
      if (signal?.aborted) return 'stopped';
      if (!this.options.leadership.isLeader()) {
        this.logger.warn('lost the lease: leaving the remaining slots to the new leader', {
          slot: iso(slot),
        });
        return 'idle';
      }
      if (!(await this.enqueueSlot(slot, discovery, slot !== current))) return 'failed';
    }
    return 'enqueued';
  }

  private async discover(due: readonly number[]): Promise<DiscoveryResult | undefined> {
    const { metrics } = this.options;
    try {
      const result = await this.options.discovery.discover();
      metrics?.discoveryDuration.observe(result.durationMs / 1000);
      metrics?.models.set(result.models.length);
      for (const f of result.failures) metrics?.projectErrors.inc({ project: f.project, code: f.code });
      return result;
    } catch (error) {
      if (error instanceof DiscoveryError) {
        for (const f of error.context.failures ?? [])
          metrics?.projectErrors.inc({ project: f.project, code: f.code });
      }
      metrics?.slots.inc({ outcome: 'failed' }, due.length);
      this.logger.error('model discovery failed; the slots are tried again later', {
        code: codeOf(error),
        error: messageOf(error),
        slots: due.map(iso),
        retryInMs: this.retryDelayMs,
      });
      return undefined;
    }
  }

  /** The models each project should have a task for in this slot (status slots are window ends). */
  private expectSlot(windowEnd: number, discovery: DiscoveryResult): void {
    const status = this.options.taskStatus;
    if (!status) return;
    const byProject = new Map<string, string[]>();
    for (const m of discovery.models)
      byProject.set(m.project, [...(byProject.get(m.project) ?? []), m.model]);
    for (const [project, models] of byProject) status.expect({ slot: iso(windowEnd), project, models });
  }

  /** One slot: its tasks, acknowledged, then recorded. False when it failed (tried again later). */
  private async enqueueSlot(slot: number, discovery: DiscoveryResult, catchUp: boolean): Promise<boolean> {
    const { clock, slotClock, queue, slots, metrics } = this.options;
    const started = clock.now();
    const window = slotClock.windowForSlot(slot);
    const context = { slot: iso(slot), from: iso(window.from), to: iso(window.to), catchUp };
    const tasks = tasksForSlot(discovery.models, window, new Date(started));
    this.expectSlot(window.to, discovery);
    let requests: number;
    try {
      ({ requests } = await queue.enqueue(tasks));
    } catch (error) {
      metrics?.slots.inc({ outcome: 'failed' });
      this.logger.error(
        'enqueueing the slot failed; it is tried again later (repeated tasks keep their ids)',
        {
          ...context,
          tasks: tasks.length,
          code: codeOf(error),
          error: messageOf(error),
          retryInMs: this.retryDelayMs,
        },
      );
      return false;
    }
    try {
      await slots.markDone(slot);
    } catch (error) {
      metrics?.slots.inc({ outcome: 'failed' });
      this.logger.error('the slot was enqueued but could not be recorded; it will be enqueued again', {
        ...context,
        error,
      });
      return false;
    }
    const acknowledgedAt = clock.now();
    const at = new Date(acknowledgedAt);
    for (const task of tasks) this.options.taskStatus?.record(taskStatusEvent(task, 'enqueued', { at }));
    for (const [project, count] of countByProject(discovery.models))
      metrics?.tasksEnqueued.inc({ project }, count);
    metrics?.slots.inc({ outcome: 'enqueued' });
    metrics?.slotLag.set((acknowledgedAt - slot) / 1000);
    metrics?.lastSlot.set(slot / 1000);
    this.logger.info('slot enqueued', {
      ...context,
      tasks: tasks.length,
      requests,
      projects: discovery.projects.length - discovery.failures.length,
      projectsFailed: discovery.failures.map((f) => f.project),
      modelsFilteredOut: discovery.filteredOut,
      lagMs: acknowledgedAt - slot,
      discoveryMs: discovery.durationMs,
      enqueueMs: acknowledgedAt - started,
    });
    return true;
  }
}
