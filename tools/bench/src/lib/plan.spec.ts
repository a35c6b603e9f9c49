import { benchPlan, parseScenarios } from './plan';

describe('benchPlan', () => {
  it('runs concurrency 1 first, where round trips are measured, and 2,000 tasks elsewhere', () => {
    const plan = benchPlan(false);
    expect(plan.executor.runs[0]?.concurrency).toBe(1);
    for (const run of plan.executor.runs.slice(1)) expect(run.models * run.slots).toBe(2000);
    expect(plan.executor.leak.models * plan.executor.leak.slots).toBe(10_000);
    expect(plan.scheduler.projects * plan.scheduler.modelsPerProject).toBe(10_000);
  });

  it("measures concurrency 32 once more at production's call latency", () => {
    for (const quick of [true, false]) {
      const slow = benchPlan(quick).executor.runs.filter((r) => r.latencyMs !== undefined);
      expect(slow).toEqual([expect.objectContaining({ concurrency: 32, latencyMs: 200 })]);
    }
  });

  it('gives every executor run more models than its concurrency', () => {
    for (const quick of [true, false])
      for (const run of benchPlan(quick).executor.runs)
        expect(run.models).toBeGreaterThanOrEqual(run.concurrency);
  });
});

describe('parseScenarios', () => {
  it('takes a comma-separated list and rejects unknown names', () => {
    expect(parseScenarios(undefined)).toEqual(['scheduler', 'executor', 'gordo-client']);
    expect(parseScenarios('executor, scheduler')).toEqual(['executor', 'scheduler']);
    expect(() => parseScenarios('executr')).toThrow('unknown scenario "executr"');
  });
});
