/** Why a task was skipped: an expected condition, counted and logged, never retried. */
export type SkipCode =
  /** No series, no datapoints or no complete row for the model's tags in the window. */
  | 'EXECUTOR_NO_DATA'
  /** The model or its revision is gone from Gordo (404/410). */
  | 'EXECUTOR_MODEL_GONE'
  /** The data leaves no row inside the task's window to predict. */
  | 'EXECUTOR_NOTHING_TO_PREDICT'
  /** The model's dataset settings cannot be honoured (e.g. a row filter with functions). */
  | 'EXECUTOR_UNSUPPORTED_MODEL'
  /** The task succeeded before (done-marker); a redelivery is acknowledged without redoing it. */
  | 'EXECUTOR_ALREADY_DONE';

/** Thrown by the pipeline to end a task as `skipped`; `message` is the reason the queue records. */
export class TaskSkip extends Error {
  constructor(
    readonly code: SkipCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TaskSkip';
  }

  /** The metric label: `no_data`, `model_gone`, … */
  get label(): string {
    return skipLabel(this.code);
  }
}

export function skipLabel(code: SkipCode): string {
  return code.replace(/^EXECUTOR_/, '').toLowerCase();
}

/** Codes of the executor's own failures (not skips). */
export type ExecutorErrorCode =
  /** The task ran past `executor.task_deadline` (retryable). */
  | 'EXECUTOR_TASK_DEADLINE'
  /** The first input tag's series has no facility, so the other tags cannot be looked up. */
  | 'EXECUTOR_TAG_WITHOUT_FACILITY'
  /** The first input tag names series in several facilities: which one the model reads is unknown. */
  | 'EXECUTOR_TAG_AMBIGUOUS';

/** A failure of the executor itself, with a stable code and whether another attempt could help. */
export class ExecutorError extends Error {
  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ExecutorError';
  }
}
