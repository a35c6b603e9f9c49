import type { ModelHistory, StatusReport, TaskStatus } from '../status-report';
import type { StatusReportOptions, TaskStatusReader } from '../task-status-ports';
import { buildReport, type StatusSnapshot } from './build-report';
import {
  canonicalStatus,
  DEFAULT_LIMITS,
  isStorable,
  slotOf,
  type TaskStatusLimits,
  type TaskStatusWrite,
  type TaskStatusWriter,
} from './status-store';
import { orderKeyOf, supersedes } from './task-state-order';

interface ProjectSlot {
  readonly expected: Set<string>;
  /** model → latest state. */
  readonly tasks: Map<string, TaskStatus>;
}

export interface MemoryTaskStatusStoreOptions {
  readonly limits?: Partial<TaskStatusLimits>;
  /** The clock (epoch ms), for tests. */
  readonly now?: () => number;
}

/**
 * Task status in this process (the embedded default): the same semantics as the Redis store,
 * checked by the same conformance suite. Share one instance between a scheduler and executors
 * running in one process.
 */
export class MemoryTaskStatusStore implements TaskStatusReader, TaskStatusWriter {
  private readonly limits: TaskStatusLimits;
  private readonly now: () => number;
  /** slot (epoch ms) → project → state. */
  private readonly slots = new Map<number, Map<string, ProjectSlot>>();
  /** `project/model` → end of the newest succeeded window. */
  private readonly lastSucceededTo = new Map<string, number>();
  /** `project/model` → slots of its recorded tasks, ascending. */
  private readonly history = new Map<string, number[]>();

  constructor(options: MemoryTaskStatusStoreOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
  }

  async write(batch: readonly TaskStatusWrite[]): Promise<void> {
    const oldest = this.now() - this.limits.retentionMs;
    for (const item of batch) {
      if (item.kind === 'expectation') {
        const slotMs = Date.parse(item.expectation.slot);
        if (!(slotMs >= oldest)) continue;
        const entry = this.projectSlot(slotMs, item.expectation.project);
        for (const model of item.expectation.models) entry.expected.add(model);
        continue;
      }
      if (!isStorable(item.event)) continue;
      const event = canonicalStatus(item.event);
      const slotMs = slotOf(event);
      if (slotMs < oldest) continue;
      const tasks = this.projectSlot(slotMs, event.project).tasks;
      const current = tasks.get(event.model);
      if (!current || supersedes(orderKeyOf(event), orderKeyOf(current))) tasks.set(event.model, event);
      this.index(`${event.project}/${event.model}`, slotMs);
      if (event.state === 'succeeded') {
        const key = `${event.project}/${event.model}`;
        this.lastSucceededTo.set(key, Math.max(this.lastSucceededTo.get(key) ?? 0, slotMs));
      }
    }
    this.trim(oldest);
  }

  async report(options: StatusReportOptions = {}): Promise<StatusReport> {
    const now = options.now?.getTime() ?? this.now();
    const oldest = now - this.limits.retentionMs;
    const slotTimes = [...this.slots.keys()]
      .filter((s) => s >= oldest)
      .sort((a, b) => b - a)
      .slice(0, Math.max(1, options.slots ?? 6));
    const snapshot: StatusSnapshot = {
      slots: slotTimes.map((slotMs) => ({
        slotMs,
        projects: [...(this.slots.get(slotMs) ?? new Map<string, ProjectSlot>()).entries()]
          .filter(([project]) => options.project === undefined || project === options.project)
          .map(([project, entry]) => ({
            project,
            expected: [...entry.expected].sort(),
            tasks: [...entry.tasks.values()],
          })),
      })),
      lastSucceededTo: this.lastSucceededTo,
    };
    return buildReport(snapshot, {
      now,
      retentionMs: this.limits.retentionMs,
      freshnessLimitMs: this.limits.freshnessLimitMs,
    });
  }

  async modelHistory(project: string, model: string, limit = 20): Promise<ModelHistory> {
    const oldest = this.now() - this.limits.retentionMs;
    const tasks: TaskStatus[] = [];
    for (const slotMs of [...(this.history.get(`${project}/${model}`) ?? [])].reverse()) {
      if (tasks.length >= limit || slotMs < oldest) break;
      const task = this.slots.get(slotMs)?.get(project)?.tasks.get(model);
      if (task) tasks.push(task);
    }
    return { project, model, tasks };
  }

  private projectSlot(slotMs: number, project: string): ProjectSlot {
    let projects = this.slots.get(slotMs);
    if (!projects) this.slots.set(slotMs, (projects = new Map()));
    let entry = projects.get(project);
    if (!entry) projects.set(project, (entry = { expected: new Set(), tasks: new Map() }));
    return entry;
  }

  private index(key: string, slotMs: number): void {
    const slots = this.history.get(key) ?? [];
    if (!slots.includes(slotMs)) {
      slots.push(slotMs);
      slots.sort((a, b) => a - b);
      if (slots.length > this.limits.maxTasksPerModel)
        slots.splice(0, slots.length - this.limits.maxTasksPerModel);
    }
    this.history.set(key, slots);
  }

  private trim(oldest: number): void {
    const newestFirst = [...this.slots.keys()].sort((a, b) => b - a);
    newestFirst.forEach((slotMs, i) => {
      if (slotMs < oldest || i >= this.limits.maxSlots) this.slots.delete(slotMs);
    });
    for (const [key, to] of this.lastSucceededTo) if (to < oldest) this.lastSucceededTo.delete(key);
    for (const [key, slots] of this.history) {
      const kept = slots.filter((s) => s >= oldest);
      if (kept.length === 0) this.history.delete(key);
      else if (kept.length !== slots.length) this.history.set(key, kept);
    }
  }
}
