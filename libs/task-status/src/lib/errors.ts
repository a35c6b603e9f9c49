export type TaskStatusErrorCode =
  /** Redis or the scheduler's status endpoint cannot be reached. */
  | 'TASK_STATUS_UNREACHABLE'
  /** The scheduler answered with an error status or something that is not a status document. */
  | 'TASK_STATUS_BAD_RESPONSE';

/** A failure to read task status (the CLI's sources); writes never throw at callers. */
export class TaskStatusError extends Error {
  constructor(
    readonly code: TaskStatusErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TaskStatusError';
  }
}
