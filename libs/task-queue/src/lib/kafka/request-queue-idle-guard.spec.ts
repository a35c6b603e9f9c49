import { kafkajs, kafkajsRequestQueue } from './kafkajs';
import { guardIdleRequestQueueTimer, needsPendingCheck } from './request-queue-idle-guard';

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: unknown;
  checkPendingRequests(): void;
  destroy(): void;
}
type RequestQueueClass = { prototype: object } & (new (options: object) => RequestQueue);

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A request queue of a fresh copy of kafkajs's module, as one broker connection has. */
function freshQueueClass(): RequestQueueClass {
  let cls: RequestQueueClass | undefined;
  jest.isolateModules(() => {
    cls = kafkajsRequestQueue() as RequestQueueClass;
  });
  return cls as RequestQueueClass;
}

function newQueue(cls: RequestQueueClass): RequestQueue {
  return new cls({
    maxInFlightRequests: null,
    requestTimeout: 30_000,
    clientId: 'test',
    broker: 'b:9092',
    logger: quiet,
  });
}

describe('the idle guard of kafkajs request queues', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is needed: an idle kafkajs queue re-arms a 1 ms timer after every check', () => {
    const queue = newQueue(freshQueueClass());
    queue.checkPendingRequests();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(100);
    // Still armed after 100 checks: the loop never ends while the connection lives.
    expect(jest.getTimerCount()).toBe(1);
    queue.destroy();
  });

  it('leaves an idle queue without a timer', () => {
    const cls = freshQueueClass();
    expect(guardIdleRequestQueueTimer(cls)).toBe(true);
    const queue = newQueue(cls);
    queue.checkPendingRequests();
    jest.advanceTimersByTime(100);
    expect(jest.getTimerCount()).toBe(0);
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });

  it('keeps the check for a throttled queue until the throttle ends', () => {
    const cls = freshQueueClass();
    guardIdleRequestQueueTimer(cls);
    guardIdleRequestQueueTimer(cls); // a second time changes nothing
    const queue = newQueue(cls);
    queue.throttledUntil = Date.now() + 50;
    queue.checkPendingRequests();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(60);
    // Throttle over, nothing pending: no timer after the last check.
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps the check for requests waiting behind the in-flight limit', () => {
    const cls = freshQueueClass();
    guardIdleRequestQueueTimer(cls);
    const queue = newQueue(cls);
    queue.pending.push({ waiting: true });
    queue.throttledUntil = Date.now() + 1_000;
    queue.checkPendingRequests();
    expect(queue.throttleCheckTimeoutId).not.toBeNull();
    expect(queue.pending).toHaveLength(1);
    queue.destroy();
  });

  it('is applied when kafkajs is loaded', () => {
    kafkajs();
    const queue = newQueue(kafkajsRequestQueue() as RequestQueueClass);
    queue.checkPendingRequests();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('leaves a kafkajs without the method alone', () => {
    expect(guardIdleRequestQueueTimer(class {})).toBe(false);
  });

  it('waits only for pending requests or a throttle in force', () => {
    expect(needsPendingCheck({ pending: [], throttledUntil: -1 }, 1000)).toBe(false);
    expect(needsPendingCheck({ pending: [], throttledUntil: 1000 }, 1000)).toBe(false);
    expect(needsPendingCheck({ pending: [], throttledUntil: 1001 }, 1000)).toBe(true);
    expect(needsPendingCheck({ pending: [{}], throttledUntil: -1 }, 1000)).toBe(true);
  });
});
