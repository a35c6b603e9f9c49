import { LATIGO_PRODUCTION, projectProcesses } from './projection';

describe('projectProcesses', () => {
  it('divides the required rate by what one process does while waiting on upstreams', () => {
    // 9000 tasks in 900 s = 10 tasks/s; 4 round trips × 200 ms + 10 ms CPU = 810 ms;
    // 0.8 × 32 / 0.81 s ≈ 31.6 tasks/s per process (CPU allows 70/s): 1 process.
    const p = projectProcesses(LATIGO_PRODUCTION, {
      concurrency: 32,
      efficiency: 0.8,
      roundTripsWarm: 4,
      roundTripsCold: 8,
      cpuMsPerTask: 10,
    });
    expect(p.requiredTasksPerSecond).toBeCloseTo(10);
    expect(p.criticalPathMsWarm).toBe(810);
    expect(p.perProcessByLatency).toBeCloseTo(31.6, 1);
    expect(p.perProcessByCpu).toBeCloseTo(70);
    expect(p.limitedBy).toBe('latency');
    expect(p.processes).toBe(1);
    expect(p.processesCold).toBe(1);
  });

  it('lets CPU be the limit when tasks are expensive', () => {
    const p = projectProcesses(LATIGO_PRODUCTION, {
      concurrency: 64,
      efficiency: 1,
      roundTripsWarm: 4,
      roundTripsCold: 4,
      cpuMsPerTask: 200,
    });
    // 0.7 × 1000 / 200 = 3.5 tasks/s per process: 10 / 3.5 → 3 processes.
    expect(p.limitedBy).toBe('cpu');
    expect(p.processes).toBe(3);
  });

  it('needs more processes when tasks wait longer', () => {
    const base = { concurrency: 8, efficiency: 0.5, roundTripsCold: 12, cpuMsPerTask: 5 };
    const fast = projectProcesses(LATIGO_PRODUCTION, { ...base, roundTripsWarm: 4 });
    const slow = projectProcesses(LATIGO_PRODUCTION, { ...base, roundTripsWarm: 8 });
    expect(slow.processes).toBeGreaterThan(fast.processes);
    expect(fast.processesCold).toBeGreaterThanOrEqual(fast.processes);
  });
});
