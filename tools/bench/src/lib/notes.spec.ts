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

const run = (wallMs: number, serverMs: number, requests = 5) => ({
  wallMs,
  serverMs,
  overheadMs: wallMs - serverMs,
  requests,
  rows: {},
  runs: [wallMs],
});

/** Results with only the Gordo client scenario, its parquet ratio as the figure. */
function gordoClientResults(
  parquet: NonNullable<BenchResults['gordoClient']>['formats']['parquet'],
): BenchResults {
  const figures = { 'gordo_client.wall_ratio_ts_over_py': parquet.ratio };
  return {
    meta,
    figures,
    targets: checkTargets(figures),
    notes: [],
    gordoClient: {
      models: ['m'],
      window: { from: 'a', to: 'b' },
      batchSize: 1000,
      parallelism: 1,
      formats: { parquet, json: { ts: run(140, 106), py: run(270, 113), ratio: 0.52 } },
    },
  };
}

describe('explain', () => {
  it('says why the client ratio cannot reach its target when the server dominates', () => {
    const [note] = explain(gordoClientResults({ ts: run(150, 75), py: run(224, 80), ratio: 0.67 }));
    expect(note).toContain('could not go below 0.33');
  });

  it('takes the floor from the replay of our requests when there is one', () => {
    const [note] = explain(
      gordoClientResults({
        ts: run(165, 138, 8),
        py: run(300, 135, 8),
        ratio: 0.55,
        floor: run(147, 140, 8),
      }),
    );
    expect(note).toContain('takes 147 ms, 0.49 of Python');
    expect(note).toContain('7 ms above its own Server-Timing sum');
    expect(note).toContain('Our client adds 18 ms to it; the target needs at most 3 ms');
    expect(note).not.toContain('out of reach of any client');
  });

  it("names the server's slowdown under our client only when the replay shows one", () => {
    const note = (oursServerMs: number) =>
      explain(
        gordoClientResults({
          ts: run(165, oursServerMs, 8),
          py: run(300, 135, 8),
          ratio: 0.55,
          floor: run(147, 140, 8),
        }),
      )[0];
    expect(note(152)).toContain('(Server-Timing 152 against 140 ms)');
    expect(note(141)).not.toContain('The server itself takes longer');
  });

  it('has nothing to say about met targets on a quiet machine', () => {
    const figures = { 'gordo_client.wall_ratio_ts_over_py': 0.4 };
    expect(explain({ meta, figures, targets: checkTargets(figures), notes: [] })).toEqual([]);
  });
});
