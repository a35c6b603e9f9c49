import { MemoryBroker } from './memory-broker';

const TOPIC = 'tasks';
const member = { assigned: () => undefined };

function produce(broker: MemoryBroker, count: number): void {
  for (let i = 0; i < count; i++) broker.produceRaw(TOPIC, `task ${i}`);
}

describe('MemoryBroker retention', () => {
  it('drops the records every group has committed past, and keeps offsets and reads consistent', () => {
    const broker = new MemoryBroker();
    broker.createTopic(TOPIC, 1);
    broker.join('executors', TOPIC, member);
    broker.join('auditors', TOPIC, member);
    produce(broker, 3000);

    broker.commit('executors', [{ topic: TOPIC, partition: 0, offset: '2500' }]);
    expect(broker.startOffset(TOPIC, 0)).toBe(0n); // the other group has read nothing yet

    broker.commit('auditors', [{ topic: TOPIC, partition: 0, offset: '2000' }]);
    expect(broker.startOffset(TOPIC, 0)).toBe(2000n);
    expect(broker.endOffset(TOPIC, 0)).toBe(3000n);
    expect(broker.read(TOPIC, 0, 2500n, 1)[0]).toMatchObject({
      offset: 2500n,
      value: Buffer.from('task 2500'),
    });
    // Below the log start a read begins at the start, as Kafka's earliest reset does.
    expect(broker.read(TOPIC, 0, 0n, 1)[0]?.offset).toBe(2000n);
    expect(broker.produceRaw(TOPIC, 'next')).toEqual({ topic: TOPIC, partition: 0, offset: '3000' });
  });

  it('drops in chunks, not on every commit', () => {
    const broker = new MemoryBroker();
    broker.createTopic(TOPIC, 1);
    broker.join('executors', TOPIC, member);
    produce(broker, 2000);
    broker.commit('executors', [{ topic: TOPIC, partition: 0, offset: '1000' }]);
    expect(broker.startOffset(TOPIC, 0)).toBe(0n);
    broker.commit('executors', [{ topic: TOPIC, partition: 0, offset: '1100' }]);
    expect(broker.startOffset(TOPIC, 0)).toBe(1100n);
  });

  it('keeps every record of a topic no group consumes (dead letters)', () => {
    const broker = new MemoryBroker();
    broker.createTopic(TOPIC, 1);
    broker.createTopic('dead-letters', 1);
    broker.join('executors', TOPIC, member);
    for (let i = 0; i < 2000; i++) broker.produceRaw('dead-letters', `dead ${i}`);
    produce(broker, 2000);
    broker.commit('executors', [{ topic: TOPIC, partition: 0, offset: '2000' }]);
    expect(broker.startOffset(TOPIC, 0)).toBe(2000n);
    expect(broker.read('dead-letters', 0, 0n)).toHaveLength(2000);
  });
});
