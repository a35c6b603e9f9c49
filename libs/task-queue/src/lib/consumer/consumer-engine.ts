import type { Logger } from '@latigo/observability';
import { deadLetterMessage, type DeadLetterCause, type DeadLetterMessage } from '../dead-letter';
import { PoisonMessageError } from '../errors';
import type { TaskQueueMetrics } from '../metrics';
import { taskKeyOf, type Task } from '../task';
import { decodeTask } from '../task-codec';
import type {
  DrainResult,
  MessagePosition,
  RetryPolicy,
  RunOptions,
  TaskHandler,
  TaskOutcome,
} from '../task-queue';
import { outcomeOfError, outcomeOfResult, type Outcome } from './outcome';
import { PartitionTracker } from './partition-tracker';
import { retryDelayMs } from './retry-policy';
import { delay, KeyedLock, Semaphore } from './sync';
import { traceTaskAttempt, type MessageHeaders } from '../tracing';

/** A fetched message, as any transport hands it over. */
export interface EngineRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Message headers; the trace context of the task, when its producer sent one. */
  readonly headers?: MessageHeaders;
}

/** What the engine needs from a broker client. */
export interface EngineTransport {
  /** Commits next-to-read offsets for the consumer group. */
  commit(offsets: readonly MessagePosition[]): Promise<void>;
  /** Publishes on the dead-letter topic; resolves once the broker acknowledged it. */
  deadLetter(message: DeadLetterMessage): Promise<void>;
}

export interface ConsumerEngineOptions {
  readonly handler: TaskHandler;
  readonly concurrency: number;
  /** Fetched tasks allowed beyond the running ones. */
  readonly prefetch: number;
  readonly retry: RetryPolicy;
  /** At most one commit per interval (Event Hubs throttles commits at 4/s per partition). */
  readonly commitIntervalMs: number;
  readonly transport: EngineTransport;
  readonly logger: Logger;
  readonly metrics?: TaskQueueMetrics;
  readonly onOutcome?: RunOptions['onOutcome'];
}

type Settlement = 'succeeded' | 'skipped' | 'dead_lettered' | 'abandoned';

/**
 * The consumer's semantics, shared by every adapter: decode, per-key order, bounded concurrency,
 * retries, dead letters published before the commit, and commits of the contiguous finished
 * prefix per partition. Adapters feed it records (`accept`) while `hasCapacity()`, and tell it
 * which partitions they still hold.
 */
export class ConsumerEngine {
  private phase: 'running' | 'draining' | 'stopped' = 'running';
  /** Aborted when the engine stops starting work (drain or abort). */
  private readonly softStop = new AbortController();
  /** Aborted when running work is given up (drain deadline or abort); handlers see it. */
  private readonly hardStop = new AbortController();
  private readonly trackers = new Map<string, PartitionTracker>();
  private readonly slots: Semaphore;
  private readonly keys = new KeyedLock();
  private readonly pending = new Set<Promise<void>>();
  private capacityWaiters: (() => void)[] = [];
  private readonly capacity: number;
  private accepted = 0;
  private abandoned = 0;
  private commitTimer: NodeJS.Timeout | undefined;
  private committing: Promise<boolean> | undefined;
  private lastCommitAt = 0;

  constructor(private readonly options: ConsumerEngineOptions) {
    this.slots = new Semaphore(options.concurrency);
    this.capacity = options.concurrency + options.prefetch;
  }

  get running(): boolean {
    return this.phase === 'running';
  }

  /** Whether another record may be accepted now. */
  hasCapacity(): boolean {
    return this.phase === 'running' && this.accepted < this.capacity;
  }

  /** Resolves when a record may be accepted, or the engine stopped running. */
  waitForCapacity(): Promise<void> {
    if (this.phase !== 'running' || this.accepted < this.capacity) return Promise.resolve();
    return new Promise((resolve) => this.capacityWaiters.push(resolve));
  }

  /**
   * Takes a fetched record. `duplicate` means it is already running or finished here (a re-fetch
   * after a rebalance); `refused` that the engine no longer runs: do not advance past it.
   */
  accept(record: EngineRecord): 'accepted' | 'duplicate' | 'refused' {
    if (this.phase !== 'running') return 'refused';
    const tracker = this.trackerFor(record.topic, record.partition);
    const offset = BigInt(record.offset);
    if (!tracker.add(offset)) return 'duplicate';
    this.accepted++;
    this.options.metrics?.inFlight.inc();
    const work = this.process(record, tracker, offset).catch((error: unknown) => {
      // Not expected (process handles its own errors); keep the offset open so it is redelivered.
      this.options.logger.error('task processing crashed', {
        ...positionOf(record),
        error: errorText(error),
      });
      this.settle(tracker, offset, 'abandoned');
    });
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
    return 'accepted';
  }

  /** The partitions this consumer holds now; work of the others no longer commits (their new owner redoes it). */
  retainPartitions(held: readonly { topic: string; partition: number }[]): void {
    const keep = new Set(held.map((p) => trackerKey(p.topic, p.partition)));
    for (const [key, tracker] of this.trackers) {
      if (!keep.has(key)) {
        tracker.revoked = true;
        this.trackers.delete(key);
      }
    }
  }

  /** Stops taking and starting tasks, waits for running ones up to `deadlineMs`, commits what finished. */
  async drain(deadlineMs: number): Promise<DrainResult> {
    if (this.phase === 'stopped') return { abandoned: this.abandoned + this.accepted, timedOut: false };
    this.phase = 'draining';
    this.softStop.abort();
    this.wakeCapacityWaiters();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.allSettled([...this.pending]).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs))),
    ]);
    clearTimeout(timer);
    if (!finished) this.hardStop.abort();
    this.clearCommitTimer();
    await this.commitNow();
    this.phase = 'stopped';
    this.clearCommitTimer();
    return { abandoned: this.abandoned + this.accepted, timedOut: !finished };
  }

  /** Stops at once: no more commits, running handlers see their signal aborted. */
  abort(): void {
    this.phase = 'stopped';
    this.softStop.abort();
    this.hardStop.abort();
    this.clearCommitTimer();
    this.wakeCapacityWaiters();
  }

  /** Commits the finished prefix of every held partition now; false when the commit failed (retried later). */
  async commitNow(): Promise<boolean> {
    while (this.committing) await this.committing;
    if (this.phase === 'stopped') return false;
    const due = [...this.trackers.values()].filter((t) => t.needsCommit());
    if (due.length === 0) return true;
    const points = due.map((t) => t.commitPoint() as bigint);
    const offsets = due.map((t, i) => ({
      topic: t.topic,
      partition: t.partition,
      offset: String(points[i]),
    }));
    this.lastCommitAt = Date.now();
    this.committing = this.options.transport.commit(offsets).then(
      () => {
        due.forEach((t, i) => (t.committed = points[i]));
        this.options.logger.debug('committed offsets', { offsets });
        return true;
      },
      (error: unknown) => {
        // Kept open: the next commit carries these offsets again (e.g. after a rebalance settles).
        this.options.logger.warn('offset commit failed; will retry', { error: errorText(error) });
        this.scheduleCommit();
        return false;
      },
    );
    try {
      return await this.committing;
    } finally {
      this.committing = undefined;
    }
  }

  private trackerFor(topic: string, partition: number): PartitionTracker {
    const key = trackerKey(topic, partition);
    let tracker = this.trackers.get(key);
    if (!tracker) {
      tracker = new PartitionTracker(topic, partition);
      this.trackers.set(key, tracker);
    }
    return tracker;
  }

  private async process(record: EngineRecord, tracker: PartitionTracker, offset: bigint): Promise<void> {
    const position = positionOf(record);
    let task: Task;
    try {
      task = decodeTask(record.value);
    } catch (error) {
      const poison =
        error instanceof PoisonMessageError ? error : new PoisonMessageError(errorText(error), 'message');
      this.options.logger.warn('poison message: sending it to the dead-letter topic', {
        ...position,
        reason: poison.reason,
      });
      const now = new Date();
      const published = await this.publishDeadLetter(record, {
        original: position,
        reason: poison.reason,
        code: poison.code,
        attempts: 0,
        firstFailureAt: now,
        lastFailureAt: now,
      });
      if (published) this.options.metrics?.failures.inc({ outcome: 'dead_lettered', code: poison.code });
      this.settle(tracker, offset, published ? 'dead_lettered' : 'abandoned');
      return;
    }
    // Taken synchronously, in arrival order: this is what keeps the tasks of one key in order.
    const lock = this.keys.acquire(taskKeyOf(task));
    const unlock = await lock;
    let settlement: Settlement;
    try {
      settlement = await this.runTask(task, record, position);
    } finally {
      unlock();
    }
    this.settle(tracker, offset, settlement);
  }

  private async runTask(task: Task, record: EngineRecord, position: MessagePosition): Promise<Settlement> {
    const logger = this.options.logger.child({
      task_id: task.taskId,
      project: task.projectName,
      model: task.modelName,
      ...position,
    });
    let firstFailureAt: Date | undefined;
    for (let attempt = 1; ; attempt++) {
      if (!(await this.slots.acquire(this.softStop.signal))) return 'abandoned';
      const startedAt = performance.now();
      const report = (reported: Omit<TaskOutcome, 'attempt' | 'durationMs'>) =>
        this.report(
          task,
          { ...reported, attempt, durationMs: Math.round(performance.now() - startedAt) },
          logger,
        );
      let outcome: Outcome;
      try {
        outcome = await traceTaskAttempt(task, attempt, position, record.headers, async () => {
          try {
            return outcomeOfResult(
              await this.options.handler(task, { signal: this.hardStop.signal, attempt, delivery: position }),
            );
          } catch (error) {
            return outcomeOfError(error);
          }
        });
      } finally {
        this.slots.release();
      }
      if (this.hardStop.signal.aborted) return 'abandoned';
      if (outcome.kind === 'succeeded') {
        report({ outcome: 'succeeded' });
        return 'succeeded';
      }
      if (outcome.kind === 'skipped') {
        logger.info('task skipped', { reason: outcome.reason });
        report({ outcome: 'skipped', reason: outcome.reason });
        return 'skipped';
      }
      const failedAt = new Date();
      firstFailureAt ??= failedAt;
      if (outcome.retryable && attempt < this.options.retry.maxAttempts) {
        const waitMs = retryDelayMs(this.options.retry, attempt + 1);
        logger.warn('task failed; retrying', {
          attempt,
          delay_ms: waitMs,
          code: outcome.code,
          reason: outcome.reason,
        });
        this.options.metrics?.tasks.inc({ outcome: 'retried' });
        this.options.metrics?.failures.inc({ outcome: 'retried', code: outcome.code });
        report({ outcome: 'retrying', code: outcome.code, reason: outcome.reason });
        if (!(await delay(waitMs, this.softStop.signal))) return 'abandoned';
        continue;
      }
      logger.error('task failed for good: sending it to the dead-letter topic', {
        attempts: attempt,
        code: outcome.code,
        reason: outcome.reason,
      });
      const published = await this.publishDeadLetter(record, {
        original: position,
        reason: outcome.reason,
        code: outcome.code,
        attempts: attempt,
        firstFailureAt,
        lastFailureAt: failedAt,
      });
      if (!published) return 'abandoned';
      this.options.metrics?.failures.inc({ outcome: 'dead_lettered', code: outcome.code });
      report({ outcome: 'dead_lettered', code: outcome.code, reason: outcome.reason });
      return 'dead_lettered';
    }
  }

  private report(task: Task, outcome: TaskOutcome, logger: Logger): void {
    if (!this.options.onOutcome) return;
    try {
      this.options.onOutcome(task, outcome);
    } catch (error) {
      logger.warn('the outcome observer failed; ignored', { error: errorText(error) });
    }
  }

  /** Publishes until the broker acknowledges (the offset must not be committed before), or the engine gives up. */
  private async publishDeadLetter(record: EngineRecord, cause: DeadLetterCause): Promise<boolean> {
    const message = deadLetterMessage(record.key, record.value, cause);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.transport.deadLetter(message);
        return true;
      } catch (error) {
        this.options.logger.error('could not publish a dead letter; retrying', {
          ...positionOf(record),
          attempt,
          error: errorText(error),
        });
        if (!(await delay(Math.min(30_000, 250 * 2 ** attempt), this.hardStop.signal))) return false;
      }
    }
  }

  private settle(tracker: PartitionTracker, offset: bigint, settlement: Settlement): void {
    this.accepted--;
    this.options.metrics?.inFlight.dec();
    this.options.metrics?.tasks.inc({ outcome: settlement });
    if (settlement === 'abandoned') {
      this.abandoned++;
    } else if (this.phase !== 'stopped' && !tracker.revoked && tracker.finish(offset)) {
      this.scheduleCommit();
    }
    this.wakeCapacityWaiters();
  }

  private scheduleCommit(): void {
    // Also while draining: a drain that waits long should not hold back what already finished.
    if (this.phase === 'stopped' || this.commitTimer) return;
    const waitMs = Math.max(0, this.lastCommitAt + this.options.commitIntervalMs - Date.now());
    this.commitTimer = setTimeout(() => {
      this.commitTimer = undefined;
      void this.commitNow();
    }, waitMs);
  }

  private clearCommitTimer(): void {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
  }

  private wakeCapacityWaiters(): void {
    if (this.phase === 'running' && this.accepted >= this.capacity) return;
    const waiters = this.capacityWaiters;
    this.capacityWaiters = [];
    for (const wake of waiters) wake();
  }
}

function trackerKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

function positionOf(record: EngineRecord): MessagePosition {
  return { topic: record.topic, partition: record.partition, offset: record.offset };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
