import type { Logger } from '@latigo/observability';
import type { Registry } from 'prom-client';
import type { TaskStatusEvent } from '../status-report';
import type { SlotExpectation, TaskStatusRecorder } from '../task-status-ports';
import type { TaskStatusWrite, TaskStatusWriter } from '../store/status-store';
import { TaskStatusMetrics } from './task-status-metrics';

export interface BufferedTaskStatusRecorderOptions {
  readonly writer: TaskStatusWriter;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Writes held at most; beyond it the oldest are dropped (and counted). Default 10 000. */
  readonly maxBuffered?: number;
  /** Writes per batch (one round trip). Default 500. */
  readonly maxBatch?: number;
  /** Time between background flushes. Default 1000 ms. */
  readonly flushIntervalMs?: number;
}

/**
 * Records task status off the tasks' path: `record` and `expect` only append to a bounded buffer;
 * a timer writes it in batches. When the store fails, the batch goes back to the front of the
 * buffer and is tried again at the next tick, one warning per outage, every failure counted; when
 * the buffer is full the oldest writes are dropped and counted. Nothing here ever throws at a caller.
 */
export class BufferedTaskStatusRecorder implements TaskStatusRecorder {
  private buffer: TaskStatusWrite[] = [];
  private readonly maxBuffered: number;
  private readonly maxBatch: number;
  private readonly metrics: TaskStatusMetrics;
  private readonly timer: NodeJS.Timeout;
  private writing: Promise<boolean> | undefined;
  private failing = false;
  private closed = false;

  constructor(private readonly options: BufferedTaskStatusRecorderOptions) {
    this.maxBuffered = options.maxBuffered ?? 10_000;
    this.maxBatch = options.maxBatch ?? 500;
    this.metrics = TaskStatusMetrics.for(options.registry);
    this.timer = setInterval(() => void this.writeAll(), options.flushIntervalMs ?? 1000);
    this.timer.unref(); // never what keeps a process alive
  }

  record(event: TaskStatusEvent): void {
    this.push({ kind: 'event', event });
  }

  expect(expectation: SlotExpectation): void {
    this.push({ kind: 'expectation', expectation });
  }

  /** Buffered writes not yet written. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Writes what is buffered now; stops at the first failure (the rest stays buffered). */
  async flush(): Promise<void> {
    await this.writeAll();
  }

  /** Stops the timer after a last flush. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.writeAll();
  }

  private push(write: TaskStatusWrite): void {
    if (this.closed) return;
    this.buffer.push(write);
    const excess = this.buffer.length - this.maxBuffered;
    if (excess > 0) {
      this.buffer.splice(0, excess);
      this.metrics.eventsDropped.inc(excess);
    }
  }

  private async writeAll(): Promise<void> {
    while (this.writing) await this.writing;
    while (this.buffer.length > 0) {
      this.writing = this.writeBatch();
      const ok = await this.writing;
      this.writing = undefined;
      if (!ok) return;
    }
  }

  private async writeBatch(): Promise<boolean> {
    const batch = this.buffer.splice(0, this.maxBatch);
    try {
      await this.options.writer.write(batch);
      if (this.failing) this.options.logger.info('task status writes work again');
      this.failing = false;
      return true;
    } catch (error) {
      this.metrics.writesFailed.inc();
      // Back to the front, then bounded again (what arrived meanwhile is newer and kept first).
      this.buffer = [...batch, ...this.buffer];
      const excess = this.buffer.length - this.maxBuffered;
      if (excess > 0) {
        this.buffer.splice(0, excess);
        this.metrics.eventsDropped.inc(excess);
      }
      if (!this.failing) {
        this.options.logger.warn('task status write failed; keeping the events and trying again', {
          error: error instanceof Error ? error.message : String(error),
          buffered: this.buffer.length,
        });
      }
      this.failing = true;
      return false;
    }
  }
}
