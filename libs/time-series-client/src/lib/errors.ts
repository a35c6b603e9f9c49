export type TimeSeriesErrorCode =
  /** Creating a series whose name and facility exist already (HTTP 409). */
  | 'TS_SERIES_EXISTS'
  /** A name (and facility) matched more than one series. */
  | 'TS_SERIES_AMBIGUOUS'
  /** A 2xx whose body is not the documented envelope. */
  | 'TS_BAD_RESPONSE';

/** A Timeseries API answer Latigo cannot use; names the series and the call. */
export class TimeSeriesError extends Error {
  constructor(
    readonly code: TimeSeriesErrorCode,
    message: string,
    readonly context: { name?: string; facility?: string | undefined; id?: string; path?: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TimeSeriesError';
  }
}
