import { connectionCap, explain } from './notes';
import { checkTargets, type BenchResults } from './results';

const meta: BenchResults['meta'] = {
  date: '2026-11-23T00:00:00Z',
  commit: 'abc',
  dirty: false,
  quick: false,
  wallSeconds: 1,
  machine: { cpu: 'x', cores: 2, ramGb: 4, os: 'linux', loadAverage: [0.1, 0.1, 0.1] },
  versions: {},
};

describe('connectionCap', () => {
  it('is the connections over the time a task holds them', () => {
    // 32 connections, 21 Timeseries calls of 50 ms: 32 / 1.05 s ≈ 30.5 tasks/s.
    const calls = { gordo: 1, timeseries: 21, metadata: 1, total: 23 };
    expect(connectionCap({ callsPerTaskWarm: calls }, 50)).toBeCloseTo(30.48, 1);
  });
});

describe('explain', () => {
  it('says why the client ratio cannot reach its target when the server dominates', () => {
    const run = (wallMs: number, serverMs: number) => ({
      wallMs,
      serverMs,
      overheadMs: wallMs - serverMs,
      requests: 5,
      rows: {},
      runs: [wallMs],
    });
    const figures = { 'gordo_client.wall_ratio_ts_over_py': 0.67 };
    const results: BenchResults = {
      meta,
      figures,
      targets: checkTargets(figures),
      notes: [],
      gordoClient: {
        models: ['m'],
        window: { from: 'a', to: 'b' },
        batchSize: 1000,
        parallelism: 1,
        formats: {
          parquet: { ts: run(150, 75), py: run(224, 80), ratio: 0.67 },
          json: { ts: run(140, 106), py: run(270, 113), ratio: 0.52 },
        },
      },
    };
    const [note] = explain(results);
    expect(note).toContain('could not go below 0.33');
  });

  it('has nothing to say about met targets on a quiet machine', () => {
    const figures = { 'gordo_client.wall_ratio_ts_over_py': 0.4 };
    expect(explain({ meta, figures, targets: checkTargets(figures), notes: [] })).toEqual([]);
  });
});
