import { TaskQueueError } from './errors';
import { requestBytes, splitIntoRequests } from './produce-requests';

describe('splitIntoRequests', () => {
  const messages = Array.from({ length: 1000 }, (_, i) => ({ key: `p/m${i % 7}`, value: 'x'.repeat(900) }));

  it('keeps every request under the limit and every message in order', () => {
    const requests = splitIntoRequests(messages, { topic: 'tasks', maxRequestBytes: 100_000 });
    expect(requests.length).toBeGreaterThan(1);
    for (const r of requests) expect(requestBytes(r, 'tasks')).toBeLessThanOrEqual(100_000);
    expect(requests.flat()).toEqual(messages);
  });

  it('counts a record batch per key-less message, which may land on any partition', () => {
    const keyless = Array.from({ length: 10 }, () => ({ key: null, value: 'v' }));
    expect(requestBytes(keyless, 't') - requestBytes(keyless.slice(0, 9), 't')).toBeGreaterThan(69);
  });

  it('refuses a message that cannot fit alone', () => {
    expect(() =>
      splitIntoRequests([{ key: 'k', value: 'x'.repeat(2_000) }], { topic: 't', maxRequestBytes: 1_000 }),
    ).toThrow(expect.objectContaining({ code: 'TASK_QUEUE_MESSAGE_TOO_LARGE' }) as TaskQueueError);
  });
});
