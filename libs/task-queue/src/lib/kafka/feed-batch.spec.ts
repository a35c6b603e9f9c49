import type { EachBatchPayload } from 'kafkajs';
import { type BatchEngine, feedBatch } from './feed-batch';

function payload(count: number, heartbeat: () => Promise<void>) {
  const resolved: string[] = [];
  const messages = Array.from({ length: count }, (_, i) => ({
    offset: String(i),
    key: null,
    value: Buffer.from(`task ${i}`),
    headers: {},
  }));
  const value = {
    batch: { topic: 'tasks', partition: 0, messages },
    resolveOffset: (offset: string) => resolved.push(offset),
    heartbeat,
    isRunning: () => true,
    isStale: () => false,
  } as unknown as EachBatchPayload;
  return { value, resolved };
}

/** An engine that always has room and records what it was given. */
function roomyEngine(): BatchEngine & { accepted: string[] } {
  const accepted: string[] = [];
  return {
    accepted,
    running: true,
    hasCapacity: () => true,
    waitForCapacity: () => Promise.resolve(),
    accept: (record) => {
      accepted.push(record.offset);
      return 'accepted';
    },
  };
}

describe('feedBatch', () => {
  it('heartbeats before every record even when the engine never fills (kafkajs sends one per interval)', async () => {
    const engine = roomyEngine();
    const heartbeat = jest.fn(() => Promise.resolve());
    const { value, resolved } = payload(5, heartbeat);
    await feedBatch(engine, value, 3000);
    expect(heartbeat).toHaveBeenCalledTimes(5);
    expect(engine.accepted).toEqual(['0', '1', '2', '3', '4']);
    expect(resolved).toEqual(['0', '1', '2', '3', '4']);
  });

  it('stops at a heartbeat that reports a rebalance: the rest is left to the new owner', async () => {
    const engine = roomyEngine();
    let beats = 0;
    const rebalancing = new Error('The group is rebalancing, so a rejoin is needed');
    const heartbeat = () => (++beats === 3 ? Promise.reject(rebalancing) : Promise.resolve());
    const { value, resolved } = payload(5, heartbeat);
    await expect(feedBatch(engine, value, 3000)).rejects.toBe(rebalancing);
    expect(engine.accepted).toEqual(['0', '1']);
    expect(resolved).toEqual(['0', '1']);
  });

  it('holds the batch while the engine is full and heartbeats while it waits', async () => {
    let room = false;
    let free: () => void = () => undefined;
    const engine: BatchEngine & { accepted: string[] } = {
      ...roomyEngine(),
      hasCapacity: () => room,
      waitForCapacity: () => new Promise<void>((resolve) => (free = resolve)),
    };
    const accepted = engine.accepted;
    engine.accept = (record) => {
      accepted.push(record.offset);
      room = false;
      return 'accepted';
    };
    const heartbeat = jest.fn(() => Promise.resolve());
    const { value } = payload(2, heartbeat);
    room = true;
    const fed = feedBatch(engine, value, 20);
    // Three waits of 20 ms without room, each ending in a heartbeat (plus the one before the record).
    while (heartbeat.mock.calls.length < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(accepted).toEqual(['0']);
    room = true;
    free();
    await fed;
    expect(accepted).toEqual(['0', '1']);
  });
});
