import type { Task } from './task';

/** Where a message sits: topic, partition and offset (a decimal string, as Kafka offsets are 64-bit). */
export interface MessagePosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** What a handler reports. Returning nothing means `succeeded`. */
export type TaskResult =
  | { readonly outcome: 'succeeded' }
  /** An expected condition (e.g. no data in the window): counted and logged, committed, not retried. */
  | { readonly outcome: 'skipped'; readonly reason: string }
  /**
   * The task failed. `retryable` (default true) retries it with backoff until the attempts are used
   * up; then, or at once when false, it goes to the dead-letter topic with `reason` and `code`.
   */
  | {
      readonly outcome: 'failed';
      readonly reason: string;
      readonly code?: string;
      readonly retryable?: boolean;
    };

/** What a handler gets besides the task. */
export interface TaskContext {
  /**
   * Aborted when the consumer gives up on running tasks (drain deadline passed, or `abort()`):
   * stop work; the task is not committed and will be delivered again.
   */
  readonly signal: AbortSignal;
  /** 1-based attempt within this delivery (retries inside this consumer). */
  readonly attempt: number;
  /** Where the task came from. */
  readonly delivery: MessagePosition;
}

/**
 * Runs one task. A thrown error counts as `failed`: retryable unless the error has
 * `retryable === false`; its `code` (if a string) becomes the dead letter's error code.
 */
export type TaskHandler = (task: Task, context: TaskContext) => Promise<TaskResult | void>;

/** Retries inside the consumer, with exponential backoff and jitter (half the delay is random). */
export interface RetryPolicy {
  /** Attempts per delivery, the first included. Default 3. */
  readonly maxAttempts: number;
  /** Delay before the second attempt. Default 1000 ms. */
  readonly initialDelayMs: number;
  /** Cap on the delay. Default 60000 ms. */
  readonly maxDelayMs: number;
  /** Growth factor per attempt. Default 2. */
  readonly multiplier: number;
}

export interface RunOptions {
  /** Tasks that run at the same time (tasks of one key never overlap). Default 1. */
  readonly concurrency?: number;
  /** Tasks fetched ahead of the running ones; fetching pauses beyond it (backpressure). Default = concurrency. */
  readonly prefetch?: number;
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Told the outcome of each attempt the consumer acted on (e.g. to record task status). Called
   * synchronously on the consumer's path: keep it cheap; what it throws is logged and ignored.
   * Poison messages (no task) and tasks given up at a drain are not reported.
   */
  readonly onOutcome?: (task: Task, outcome: TaskOutcome) => void;
}

/** What the consumer did with a task after an attempt. */
export interface TaskOutcome {
  /** `retrying`: failed, another attempt follows; `dead_lettered`: published on the dead-letter topic. */
  readonly outcome: 'succeeded' | 'skipped' | 'retrying' | 'dead_lettered';
  /** 1-based attempt within this delivery. */
  readonly attempt: number;
  /** How long the handler ran for this attempt. */
  readonly durationMs: number;
  /** Error code (retrying, dead_lettered). */
  readonly code?: string;
  /** Skip or failure reason. */
  readonly reason?: string;
}

/** How `drain` ended. */
export interface DrainResult {
  /** Tasks fetched but not finished (still running at the deadline, or not started): not committed, delivered again later. */
  readonly abandoned: number;
  /** Whether the deadline passed with tasks still running. */
  readonly timedOut: boolean;
}

/** Consumer side of the queue: at-least-once, commits only the contiguous finished prefix of each partition. */
export interface TaskConsumer {
  /**
   * Connects, joins the group and starts handing tasks to `handler`. Resolves once consuming.
   * @throws TaskQueueError e.g. `TASK_QUEUE_AUTH_FAILED`, `TASK_QUEUE_CONNECTION_FAILED`, `TASK_QUEUE_INVALID_STATE`.
   */
  run(handler: TaskHandler, options?: RunOptions): Promise<void>;
  /** Stops fetching (running tasks go on) until `resume`. */
  pause(): void;
  resume(): void;
  /**
   * Graceful shutdown: stops fetching, waits for running tasks up to `deadlineMs` (then aborts
   * their signal), commits what finished, leaves the group and disconnects.
   */
  drain(deadlineMs?: number): Promise<DrainResult>;
  /** Stops at once without committing anything more (what a crash would do); for fatal errors and tests. */
  abort(): Promise<void>;
  /** Settles when the consumer stopped: resolves after `drain`/`abort`, rejects with `TASK_QUEUE_CONSUMER_FAILED`. */
  readonly stopped: Promise<void>;
}

/** What one `enqueue` call sent. */
export interface EnqueueResult {
  readonly tasks: number;
  /** Produce requests sent (each at most the request size limit). */
  readonly requests: number;
}

/** Filter for dead letters; every given field must match. */
export interface DeadLetterFilter {
  readonly project?: string;
  readonly model?: string;
  /** Error code, e.g. `TASK_POISON_MESSAGE`. */
  readonly code?: string;
  /** Only dead letters at or after this offset of the dead-letter topic. */
  readonly fromOffset?: bigint;
}

/** A message on the dead-letter topic with what its headers say. */
export interface DeadLetter {
  /** Where the dead letter is (on the dead-letter topic). */
  readonly position: MessagePosition;
  readonly key: string | null;
  /** The original message value, unchanged. */
  readonly value: Buffer | null;
  /** The decoded task, when the value is one (absent for poison messages). */
  readonly task?: Task;
  readonly reason: string;
  readonly code: string;
  /** Handler attempts made (0 for a poison message). */
  readonly attempts: number;
  /** Where the message was on the task topic. */
  readonly original: MessagePosition;
  readonly firstFailureAt?: Date;
  readonly lastFailureAt?: Date;
}

export interface ReplayResult {
  /** Dead letters that matched the filter. */
  readonly matched: number;
  /** Tasks sent back to the task topic (0 on a dry run). */
  readonly replayed: number;
  /** Matching dead letters that do not decode into a task (poison): never replayed. */
  readonly skippedPoison: number;
  /** Highest dead-letter offset replayed per partition, for a later `fromOffset`. */
  readonly lastOffsets: Readonly<Record<number, string>>;
}

/** Reads the dead-letter topic and sends dead letters back to the task topic. */
export interface DeadLetterStore {
  /** The dead letters present now (up to the current end of the topic), oldest first per partition. */
  list(filter?: DeadLetterFilter): Promise<DeadLetter[]>;
  /**
   * Sends matching dead letters back to the task topic as tasks with `attempt` raised by one. The
   * dead-letter topic is append-only: they stay there, so use `fromOffset` for the next replay.
   */
  replay(filter?: DeadLetterFilter, options?: { dryRun?: boolean }): Promise<ReplayResult>;
}

/** The task queue port. Apps get one from `createTaskQueue` and never know which adapter it is. */
export interface TaskQueue {
  readonly topic: string;
  readonly deadLetterTopic: string;
  /**
   * Sends tasks (key `project/model`) in produce requests below the size limit, and resolves once
   * the broker acknowledged every one of them (acks=all).
   * @throws InvalidTaskError before anything is sent, TaskQueueError `TASK_QUEUE_PRODUCE_FAILED` (with `context.acknowledged`).
   */
  enqueue(tasks: readonly Task[]): Promise<EnqueueResult>;
  /** A new consumer in the queue's consumer group (or `groupId`). */
  consumer(options?: { groupId?: string }): TaskConsumer;
  readonly deadLetters: DeadLetterStore;
  /** Aborts consumers still running (drain them first), then disconnects. */
  close(): Promise<void>;
}
