/** Stable codes of {@link DatasetError}; callers branch on these, never on message text. */
export type DatasetErrorCode =
  /** The model's dataset settings cannot be honoured here (several aggregation methods, an unknown method, a row filter beyond comparisons). */
  | 'DATASET_UNSUPPORTED'
  /** A tag has no datapoint in the window (gordo: InsufficientDataError, "features are missing data"). */
  | 'DATASET_MISSING_DATA'
  /** No row is complete after resampling, interpolation and the inner join. */
  | 'DATASET_EMPTY'
  /** Rows were there, but the row filter kept none. */
  | 'DATASET_EMPTY_AFTER_ROW_FILTER';

export interface DatasetErrorContext {
  /** Tags concerned (e.g. those without data). */
  tags?: readonly string[];
  /** The row filter concerned. */
  rowFilter?: string;
}

/** Model input could not be prepared from sensor data the way the Gordo client prepares it. */
export class DatasetError extends Error {
  readonly code: DatasetErrorCode;
  readonly context: DatasetErrorContext;

  constructor(
    code: DatasetErrorCode,
    message: string,
    context: DatasetErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatasetError';
    this.code = code;
    this.context = context;
  }

  /** Never: the same data and settings give the same answer. */
  get retryable(): boolean {
    return false;
  }
}
