import { renderResultsMarkdown } from './markdown';
import { checkTargets, flatFigures, type BenchResults } from './results';

describe('checkTargets', () => {
  it('compares each figure with its target and leaves missing ones unknown', () => {
    const checks = checkTargets({ 'scheduler.tasks_per_s': 25_000, 'executor.c32.efficiency': 0.5 });
    expect(checks.find((c) => c.key === 'scheduler.tasks_per_s')?.met).toBe(true);
    expect(checks.find((c) => c.key === 'executor.c32.efficiency')?.met).toBe(false);
    expect(checks.find((c) => c.key === 'executor.c32.peak_rss_mb')?.met).toBeUndefined();
  });
});

describe('flatFigures', () => {
  it('flattens the scenarios under dotted keys, rounded, without NaN', () => {
    const f = flatFigures({
      scheduler: {
        projects: 10,
        models: 10_000,
        partitions: 8,
        slots: [{ tasks: 10_000, lagMs: 400, discoveryMs: 100, enqueueMs: 300, produceRequests: 3 }],
        tasksPerSecond: 25_000.4,
        enqueueTasksPerSecond: 33_333.3,
        medianLagMs: 400,
        bytesPerTaskStored: 120.123,
        bytesPerTaskMessage: 250,
        cpuMsPerTask: Number.NaN,
        peakRssMb: 150,
      },
    });
    expect(f['scheduler.tasks_per_s']).toBe(25_000);
    expect(f['scheduler.bytes_per_task_stored']).toBe(120);
    expect(f['scheduler.tasks_per_slot']).toBe(10_000);
    expect('scheduler.cpu_ms_per_task' in f).toBe(false);
  });
});

describe('renderResultsMarkdown', () => {
  it('names the machine, the versions and every figure', () => {
    const figures = { 'scheduler.tasks_per_s': 1234 };
    const results: BenchResults = {
      meta: {
        date: '2026-11-23T00:00:00Z',
        commit: 'abc123',
        dirty: false,
        quick: false,
        wallSeconds: 600,
        machine: { cpu: 'AMD EPYC', cores: 2, ramGb: 23.5, os: 'Debian', loadAverage: [1, 1, 1] },
        versions: { node: 'v24.21.0', kafka: '3.9.2' },
      },
      figures,
      targets: checkTargets(figures),
      notes: ['a note'],
    };
    const md = renderResultsMarkdown(results);
    expect(md).toContain('AMD EPYC, 2 cores');
    expect(md).toContain('| kafka | 3.9.2 |');
    expect(md).toContain('commit `abc123`');
    expect(md).toContain('| `scheduler.tasks_per_s` | 1234 |');
    expect(md).toContain('**missed**');
    expect(md).toContain('- a note');
  });
});
