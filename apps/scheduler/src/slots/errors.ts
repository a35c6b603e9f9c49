export type SlotClockErrorCode =
  /** Start time, interval, delay or catch-up window out of range. */
  | 'SLOT_CLOCK_INVALID_CONFIG'
  /** A time that is not a finite number of epoch milliseconds. */
  | 'SLOT_CLOCK_INVALID_TIME'
  /** A window was asked for a time that is not on the grid, which would give unstable task ids. */
  | 'SLOT_CLOCK_NOT_A_SLOT';

/** A misuse of the slot clock: a programming or configuration error, never a transient one. */
export class SlotClockError extends Error {
  constructor(
    readonly code: SlotClockErrorCode,
    message: string,
    readonly context: Record<string, number>,
  ) {
    super(message);
    this.name = 'SlotClockError';
  }
}

/** Throws unless `value` is a finite epoch-millisecond time. */
export function assertTime(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new SlotClockError('SLOT_CLOCK_INVALID_TIME', `${name} must be finite epoch milliseconds`, {
      [name]: value,
    });
  }
}
