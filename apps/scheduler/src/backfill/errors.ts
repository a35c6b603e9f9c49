export type BackfillErrorCode =
  /** A flag that cannot be used: unparsable time, empty range, bad number. */
  | 'BACKFILL_INVALID_ARGUMENT'
  /** More tasks than `--max-tasks` allows (a safety net against a mistyped range). */
  | 'BACKFILL_TOO_MANY_TASKS';

/** The backfill request cannot be carried out as given; nothing was enqueued. */
export class BackfillError extends Error {
  constructor(
    readonly code: BackfillErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackfillError';
  }
}
