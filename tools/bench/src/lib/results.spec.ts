import { renderResultsMarkdown } from './markdown';
import {
  checkTargets,
  type ExecutorSetting,
  flatFigures,
  settingAt,
  settingKey,
  settingWithLatency,
  type BenchResults,
} from './results';

const calls = { gordo: 1, timeseries: 2, metadata: 1, total: 4 };

/** A concurrency-32 setting; `latencyMs` only for a run at another delay than the scenario's. */
function c32(efficiency: number, latencyMs?: number): ExecutorSetting {
  return {
    concurrency: 32,
    ...(latencyMs === undefined ? {} : { latencyMs }),
    models: 100,
    slotsPerModel: 20,
    tasks: 2000,
    outcomes: { succeeded: 2000, skipped: 0, failed: 0 },
    tasksPerSecond: (efficiency * 32) / ((latencyMs ?? 50) * 0.004),
    tasksPerSecondCold: 3,
    criticalPathMs: (latencyMs ?? 50) * 4,
    efficiency,
    callsPerTaskCold: { ...calls, timeseries: 189, total: 193 },
    callsPerTaskWarm: calls,
    cpuMsPerTask: 5,
    emulatorCpuMsPerTask: 4,
    heapMb: 50,
    externalMb: 10,
    rssAtStartMb: 90,
    cpuUtilisation: 0.6,
    eventLoopP99Ms: 20,
    emulatorEventLoopP99Ms: 40,
    loadAverage: 1,
    p50Ms: 270,
    p95Ms: 700,
    stageMs: { read: 68, predict: 70, write: 66, metadata: 66 },
    peakRssMb: 167,
  };
}

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

describe('executor settings at another call latency', () => {
  const settings = [c32(0.926, 200), c32(0.71)];
  const executor = { tagsPerModel: 20, latencyMs: 50, settings };

  it('keep the scenario-latency keys (the targets) to the run at the scenario latency', () => {
    const f = flatFigures({ executor });
    expect(f['executor.c32.efficiency']).toBe(0.71);
    expect(f['executor.c32_at_200ms.efficiency']).toBe(0.926);
    expect(f['executor.c32_at_200ms.critical_path_ms']).toBe(800);
    expect(checkTargets(f).find((t) => t.key === 'executor.c32.efficiency')?.met).toBe(false);
  });

  it('are found apart from the scenario-latency run', () => {
    expect(settingAt(settings, 32)?.efficiency).toBe(0.71);
    expect(settingAt(settings, 64)).toBeUndefined();
    expect(settingKey(settings[0] as ExecutorSetting)).toBe('c32_at_200ms');
    expect(settingWithLatency(executor, 32, 200)?.efficiency).toBe(0.926);
    expect(settingWithLatency(executor, 32, 50)?.efficiency).toBe(0.71);
    expect(settingWithLatency(executor, 32, 100)).toBeUndefined();
  });

  it('are labelled with their delay in the executor tables', () => {
    const figures = flatFigures({ executor });
    const md = renderResultsMarkdown({
      meta: {
        date: '2026-11-24T00:00:00Z',
        commit: 'abc123',
        dirty: false,
        quick: false,
        wallSeconds: 600,
        machine: { cpu: 'AMD EPYC', cores: 2, ramGb: 23.5, os: 'Debian', loadAverage: [1, 1, 1] },
        versions: { node: 'v24.21.0' },
      },
      executor,
      figures,
      targets: checkTargets(figures),
      notes: [],
    });
    expect(md).toContain('every emulator call delayed 50 ms, 200 ms in the run marked so');
    expect(md).toMatch(/^\| 32 \(200 ms calls\) \| 2000 \(100×20\) \| .* \| 800 \| 0\.926 \|/m);
    expect(md).toMatch(/^\| 32 \| 2000 \(100×20\) \| .* \| 200 \| 0\.71 \|/m);
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
