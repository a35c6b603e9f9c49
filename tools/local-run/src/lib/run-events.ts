import type { LogRecord } from '@latigo/service-runtime';

/** A slot the scheduler enqueued (its `slot enqueued` line). */
export interface SlotEvent {
  slot: number;
  /** The slot's data window [from, to), epoch ms. */
  from: number;
  to: number;
  tasks: number;
  /** False for the latest slot at the time: the last one of the catch-up pass. */
  catchUp: boolean;
  at: number;
}

/** One run of a task by an executor (the handler's `task succeeded|skipped|failed` line). */
export interface TaskRunEvent {
  taskId: string;
  project: string;
  model: string;
  outcome: 'succeeded' | 'skipped' | 'failed';
  /** Skip reason or error code. */
  reason?: string;
  durationMs: number;
  at: number;
}

const TASK_LINES: Record<string, TaskRunEvent['outcome']> = {
  'task succeeded': 'succeeded',
  'task skipped': 'skipped',
  'task skipped: already done': 'skipped',
  'task failed': 'failed',
};

/**
 * What the run learns from the apps' log lines: the slots enqueued and each task run with its
 * duration. The outcome counts come from the apps' metrics (see `Tally`); these lines add what
 * counters cannot hold (per-task durations, which models ran, the windows covered).
 */
export class RunEvents {
  readonly slots: SlotEvent[] = [];
  readonly taskRuns: TaskRunEvent[] = [];
  /** Error lines of the apps (`service: message`), for the terminal to point at the logs. */
  readonly errors: string[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The sink for `tapLogger`. */
  readonly observe = (record: LogRecord): void => {
    const { message, meta } = record;
    if (record.level === 'error') {
      const code = typeof meta['code'] === 'string' ? ` ${meta['code']}` : '';
      this.errors.push(`${String(meta['service'] ?? 'app')}: ${message}${code}`);
    }
    if (message === 'slot enqueued') {
      const from = Date.parse(String(meta['from']));
      const to = Date.parse(String(meta['to']));
      this.slots.push({
        slot: Date.parse(String(meta['slot'])),
        from,
        to,
        tasks: Number(meta['tasks'] ?? 0),
        catchUp: meta['catchUp'] === true,
        at: this.now(),
      });
      this.notify();
      return;
    }
    const outcome = TASK_LINES[message];
    // The queue's consumer logs its own `task skipped` without a duration: the handler's line counts.
    if (!outcome || typeof meta['ms'] !== 'number' || typeof meta['task_id'] !== 'string') return;
    const reason = meta['reason'] ?? meta['code'];
    this.taskRuns.push({
      taskId: meta['task_id'],
      project: String(meta['project']),
      model: String(meta['model']),
      outcome,
      ...(reason !== undefined ? { reason: String(reason) } : {}),
      durationMs: meta['ms'],
      at: this.now(),
    });
    this.notify();
  };

  /** Whether the catch-up pass is over: the scheduler enqueued the latest slot. */
  get catchUpDone(): boolean {
    return this.slots.some((s) => !s.catchUp);
  }

  /** The data range the enqueued slots cover, or undefined before the first one. */
  get range(): { from: number; to: number } | undefined {
    if (this.slots.length === 0) return undefined;
    return {
      from: Math.min(...this.slots.map((s) => s.from)),
      to: Math.max(...this.slots.map((s) => s.to)),
    };
  }

  /** `project/model` of every model that had a task run, sorted. */
  models(): { project: string; model: string }[] {
    const seen = new Map<string, { project: string; model: string }>();
    for (const run of this.taskRuns)
      seen.set(`${run.project}/${run.model}`, { project: run.project, model: run.model });
    return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, m]) => m);
  }

  /** Calls `listener` after every event until the returned function is called. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
