import { encodeWrites, planWrites, type SeriesWrite } from './write-batches';

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

describe('encodeWrites', () => {
  const bodiesOfPlan = (writes: SeriesWrite[], maxPoints: number, status: number) => {
    const plan = planWrites(writes, maxPoints, status);
    return {
      bodies: plan.requests.map((r) => JSON.stringify(r)),
      written: plan.written,
      skippedNaN: plan.skippedNaN,
    };
  };

  it('gives exactly the JSON of planWrites, shared and separate times, split and skipped points alike', () => {
    const shared = Float64Array.of(0, 60_000, 120_000, 1704708000123);
    const writes: SeriesWrite[] = [
      { id: 'a', times: shared, values: Float64Array.of(1, NaN, 3.25, -0) },
      { id: 'b"\\quoted', times: shared, values: [4, 5, Infinity, 1e-7] },
      { id: 'c', times: [0, 60_000], values: [-Infinity, 1e21] },
      { id: 'd', times: shared.subarray(1, 3), values: [0.1 + 0.2, -12345.678] },
      { id: 'e', times: [], values: [] },
      { id: undefined as unknown as string, times: [0], values: [2] },
      { id: 7 as unknown as string, times: [0], values: [2] },
    ];
    for (const maxPoints of [1, 2, 3, 5, 100])
      for (const status of [192, 0])
        expect(encodeWrites(writes, maxPoints, status)).toEqual(bodiesOfPlan(writes, maxPoints, status));
  });

  it('encodes no body when nothing is writable', () => {
    expect(encodeWrites([{ id: 'a', times: [0], values: [NaN] }], 10, 192)).toEqual({
      bodies: [],
      written: 0,
      skippedNaN: 1,
    });
  });
});
