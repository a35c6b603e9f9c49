import { compileRetryPolicy, DEFAULT_RETRY_POLICY, retryDelayMs } from './retry-policy';

describe('retry policy', () => {
  it('grows exponentially up to the cap, with the upper half random', () => {
    const policy = compileRetryPolicy({ initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2 });
    expect(retryDelayMs(policy, 2, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 2, () => 1)).toBe(100);
    expect(retryDelayMs(policy, 3, () => 1)).toBe(200);
    expect(retryDelayMs(policy, 10, () => 1)).toBe(1000);
    expect(retryDelayMs(policy, 10, () => 0)).toBe(500);
  });

  it('fills defaults and rejects nonsense', () => {
    expect(compileRetryPolicy()).toEqual(DEFAULT_RETRY_POLICY);
    expect(() => compileRetryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => compileRetryPolicy({ initialDelayMs: 10, maxDelayMs: 5 })).toThrow(/delays/);
    expect(() => compileRetryPolicy({ multiplier: 0.5 })).toThrow(/multiplier/);
  });
});
