/** Stable codes of {@link TaskQueueError}; callers branch on these, never on message text. */
export type TaskQueueErrorCode =
  /** The `task_queue` configuration cannot be turned into a working client (missing topic, bad connection string, unreadable CA file). */
  | 'TASK_QUEUE_CONFIG_INVALID'
  /** The broker rejected the credentials (SASL PLAIN as `$ConnectionString`: wrong key or key name). */
  | 'TASK_QUEUE_AUTH_FAILED'
  /** The broker could not be reached or dropped the connection, after the client's retries. */
  | 'TASK_QUEUE_CONNECTION_FAILED'
  /** The topic (or dead-letter topic) does not exist and may not be created. */
  | 'TASK_QUEUE_TOPIC_NOT_FOUND'
  /** A produce request failed; `context.acknowledged` tells how many tasks the broker had acknowledged before. */
  | 'TASK_QUEUE_PRODUCE_FAILED'
  /** One message alone is larger than the produce request limit. */
  | 'TASK_QUEUE_MESSAGE_TOO_LARGE'
  /** The consumer stopped for good (a non-retriable client error); in-flight tasks were not committed. */
  | 'TASK_QUEUE_CONSUMER_FAILED'
  /** The call is not allowed in the current state (e.g. `run` twice, `enqueue` after `close`). */
  | 'TASK_QUEUE_INVALID_STATE';

const RETRYABLE: ReadonlySet<TaskQueueErrorCode> = new Set([
  'TASK_QUEUE_CONNECTION_FAILED',
  'TASK_QUEUE_PRODUCE_FAILED',
]);

/** Context of a {@link TaskQueueError}; never holds a secret (connection strings are not put here). */
export interface TaskQueueErrorContext {
  topic?: string;
  operation?: string;
  /** Tasks the broker acknowledged before a produce failure. */
  acknowledged?: number;
  [key: string]: unknown;
}

/** Every failure of the task queue other than a poison message: a name, a stable code, context and a cause. */
export class TaskQueueError extends Error {
  constructor(
    readonly code: TaskQueueErrorCode,
    message: string,
    readonly context: TaskQueueErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TaskQueueError';
  }

  /** Whether trying again later may succeed (connection loss, a failed produce). */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

/** Which part of a message a {@link PoisonMessageError} is about. */
export type PoisonField =
  | 'message'
  | 'project_name'
  | 'model_name'
  | 'from_time'
  | 'to_time'
  | 'task_id'
  | 'attempt'
  | 'scheduled_at'
  | 'revision';

/**
 * A message that is not a task: not JSON, not an object, a missing or mistyped field, or
 * `from_time >= to_time`. It is dead-lettered with `reason`, never dropped. Code `TASK_POISON_MESSAGE`.
 */
export class PoisonMessageError extends Error {
  readonly code = 'TASK_POISON_MESSAGE' as const;
  constructor(
    /** Names the field and what was wrong with it, e.g. `from_time: expected epoch seconds or an ISO 8601 string`. */
    readonly reason: string,
    readonly field: PoisonField,
    options?: { cause?: unknown },
  ) {
    super(`Poison message: ${reason}`, options);
    this.name = 'PoisonMessageError';
  }
}

/**
 * A task that must not be sent (empty names, invalid dates, `fromTime >= toTime`): the encoder
 * validates too, so a bad task fails in the producer, not in every consumer. Code `TASK_INVALID`.
 */
export class InvalidTaskError extends Error {
  readonly code = 'TASK_INVALID' as const;
  constructor(
    readonly reason: string,
    readonly field: PoisonField,
  ) {
    super(`Invalid task: ${reason}`);
    this.name = 'InvalidTaskError';
  }
}
