import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { brokerProbe } from './broker-probe';
import { EnqueueHealth } from './enqueue-health';

describe('brokerProbe', () => {
  let server: Server;
  let open: string;
  beforeAll(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    open = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('passes when one broker accepts a connection and names every broker that did not', async () => {
    const closed = '127.0.0.1:1';
    expect(await brokerProbe([closed, open])()).toBeUndefined();
    expect(await brokerProbe([closed])()).toBe('no broker reachable: 127.0.0.1:1 (ECONNREFUSED)');
  });
});

describe('EnqueueHealth', () => {
  it('reports the last enqueue failure until an enqueue succeeds', async () => {
    const health = new EnqueueHealth();
    let fail = true;
    const queue = health.track({
      enqueue: async () => {
        if (fail)
          throw Object.assign(new Error('SASL authentication failed'), { code: 'TASK_QUEUE_AUTH_FAILED' });
        return { tasks: 0, requests: 0 };
      },
    });
    expect(health.check()).toBeUndefined();
    await expect(queue.enqueue([])).rejects.toThrow('SASL');
    expect(health.check()).toBe(
      'the last enqueue failed: TASK_QUEUE_AUTH_FAILED: SASL authentication failed',
    );
    fail = false;
    await queue.enqueue([]);
    expect(health.check()).toBeUndefined();
  });
});
