import { parseRetryAfter, RetryPolicy } from './retry-policy';

describe('RetryPolicy', () => {
  it('draws the backoff below a bound that doubles per attempt and stops at maxDelayMs', () => {
    const policy = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 350 }, () => 0.999);
    expect([1, 2, 3, 4].map((a) => policy.delayMs(a))).toEqual([100, 200, 350, 350]);
    expect(new RetryPolicy({ baseDelayMs: 100 }, () => 0).delayMs(3)).toBe(0);
  });

  it('prefers Retry-After (seconds or HTTP date), capped at maxDelayMs', () => {
    const policy = new RetryPolicy({ maxDelayMs: 5000 }, () => 0.5);
    expect(policy.delayMs(1, '2')).toBe(2000);
    expect(policy.delayMs(1, '600')).toBe(5000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('knows which statuses and errors are worth another attempt', () => {
    const policy = new RetryPolicy();
    expect([408, 429, 500, 503, 504].every((s) => policy.isRetryableStatus(s))).toBe(true);
    expect([400, 401, 404, 410, 422].some((s) => policy.isRetryableStatus(s))).toBe(false);
    expect(policy.isRetryableError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(policy.isRetryableError(new TypeError('bad'))).toBe(false);
  });
});
