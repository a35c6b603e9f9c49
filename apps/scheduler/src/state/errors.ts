export type SchedulerStateErrorCode =
  /** The last-slot record holds something that is not epoch milliseconds. */
  'SCHEDULER_STATE_INVALID';

/** The scheduler's bookkeeping in Redis cannot be used as it is. */
export class SchedulerStateError extends Error {
  constructor(
    readonly code: SchedulerStateErrorCode,
    message: string,
    readonly context: { key: string },
  ) {
    super(message);
    this.name = 'SchedulerStateError';
  }
}
