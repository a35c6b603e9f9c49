import { dependentRoundTrips, efficiency, percentile, round, slope } from './stats';

describe('percentile', () => {
  it('interpolates between ranks as numpy does', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('dependentRoundTrips', () => {
  it('counts sequential requests one by one', () => {
    expect(
      dependentRoundTrips([
        { start: 0, end: 50 },
        { start: 50, end: 100 },
        { start: 101, end: 150 },
      ]),
    ).toBe(3);
  });

  it('counts a fan-out of requests in flight together once', () => {
    const fanOut = Array.from({ length: 8 }, () => ({ start: 0, end: 50 }));
    expect(dependentRoundTrips([...fanOut, { start: 51, end: 100 }])).toBe(2);
  });

  it('counts the waves of a fan-out limited to a few at a time', () => {
    // 20 reads, 8 at a time, each 50 ms: 3 waves.
    const reads = Array.from({ length: 20 }, (_, i) => {
      const wave = Math.floor(i / 8);
      return { start: wave * 50, end: wave * 50 + 50 };
    });
    expect(dependentRoundTrips(reads)).toBe(3);
  });

  it('is 0 without requests', () => {
    expect(dependentRoundTrips([])).toBe(0);
  });
});

describe('efficiency', () => {
  it('is 1 when throughput equals concurrency over the critical path', () => {
    // 32 tasks in flight, each 200 ms of dependent calls: 160 tasks/s at best.
    expect(efficiency(160, 32, 200)).toBeCloseTo(1);
    expect(efficiency(80, 32, 200)).toBeCloseTo(0.5);
  });
});

describe('slope', () => {
  it('fits a line through the points', () => {
    expect(
      slope([
        { x: 0, y: 100 },
        { x: 1, y: 102 },
        { x: 2, y: 104 },
      ]),
    ).toBeCloseTo(2);
    expect(slope([{ x: 1, y: 1 }])).toBeNaN();
  });
});

describe('round', () => {
  it('keeps fewer decimals for larger numbers', () => {
    expect(round(0.123456)).toBe(0.123);
    expect(round(12.345)).toBe(12.3);
    expect(round(12345.6)).toBe(12346);
  });
});
