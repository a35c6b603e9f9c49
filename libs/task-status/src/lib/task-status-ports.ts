import type { ModelHistory, StatusReport, TaskStatusEvent } from './status-report';

/** What a report covers. */
export interface StatusReportOptions {
  /** Newest slots to include. Default 6. */
  readonly slots?: number;
  /** Only this project. */
  readonly project?: string;
  /** The clock, for tests. */
  readonly now?: Date;
}

/** Reads recorded task status (Redis or memory): the source of `latigo status` and `/status`. */
export interface TaskStatusReader {
  report(options?: StatusReportOptions): Promise<StatusReport>;
  /** A model's most recent tasks, newest first. */
  modelHistory(project: string, model: string, limit?: number): Promise<ModelHistory>;
}

/** The models the scheduler expected for one project in one slot. */
export interface SlotExpectation {
  /** Slot = end of the tasks' data window (ISO). */
  readonly slot: string;
  readonly project: string;
  readonly models: readonly string[];
}

/**
 * Records task state transitions off the hot path: calls return at once, writes happen in the
 * background; a failed write is logged and counted, never surfaced to the task.
 */
export interface TaskStatusRecorder {
  record(event: TaskStatusEvent): void;
  /** The scheduler's view of a slot: which models it expects (before enqueueing them). */
  expect(expectation: SlotExpectation): void;
  /** Writes what is buffered (on shutdown). */
  flush(): Promise<void>;
}
