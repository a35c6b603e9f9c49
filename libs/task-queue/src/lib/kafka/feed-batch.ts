import type { EachBatchPayload } from 'kafkajs';
import type { ConsumerEngine } from '../consumer/consumer-engine';

/** What of the engine the batch loop uses. */
export type BatchEngine = Pick<ConsumerEngine, 'running' | 'hasCapacity' | 'waitForCapacity' | 'accept'>;

/**
 * Hands a kafkajs batch to the engine while it has room, resolving each accepted offset; when it
 * is full, holds the batch (backpressure). It heartbeats before every record: kafkajs sends one
 * per heartbeat interval at most, and a batch fed as capacity frees can outlast the session
 * timeout. Without it the member was expelled mid-batch and the group stalled for the rebalance
 * timeout (seen in the reliability suite under a loaded machine). A heartbeat that reports a
 * rebalance throws, and kafkajs then rejoins; the records not yet accepted go to the new owner.
 */
export async function feedBatch(
  engine: BatchEngine,
  { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  heartbeatIntervalMs: number,
): Promise<void> {
  for (const message of batch.messages) {
    await heartbeat();
    while (!engine.hasCapacity()) {
      if (!engine.running) return;
      if (!(await waitAtMost(engine.waitForCapacity(), heartbeatIntervalMs))) await heartbeat();
      if (!isRunning() || isStale()) return;
    }
    if (!isRunning() || isStale()) return;
    const verdict = engine.accept({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      headers: message.headers,
    });
    if (verdict === 'refused') return;
    resolveOffset(message.offset);
  }
}

/** Resolves true when `promise` settles within `ms`, false otherwise (the timer is cleared either way). */
async function waitAtMost(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
