import { planWrites } from './write-batches';

describe('planWrites', () => {
  it('packs series into requests of at most maxPoints, splitting a long series, and skips NaN and ±Infinity', () => {
    const plan = planWrites(
      [
        { id: 'a', times: [0, 60_000, 120_000], values: [1, NaN, 3] },
        { id: 'b', times: [0, 60_000, 120_000, 180_000], values: [4, 5, Infinity, 7] },
      ],
      3,
      192,
    );
    expect(plan.requests.map((r) => r.items.map((i) => `${i.id}:${i.datapoints.length}`))).toEqual([
      ['a:2', 'b:1'],
      ['b:2'],
    ]);
    expect(plan.requests[0]?.items[0]?.datapoints[1]).toEqual({
      time: '1970-01-01T00:02:00.000Z',
      value: 3,
      status: 192,
    });
    expect(plan).toMatchObject({ written: 5, skippedNaN: 2 });
  });

  it('plans no request when nothing is writable', () => {
    expect(planWrites([{ id: 'a', times: [0], values: [NaN] }], 10, 192)).toEqual({
      requests: [],
      written: 0,
      skippedNaN: 1,
    });
  });
});
