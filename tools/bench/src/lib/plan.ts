import type { ExecutorRunPlan } from '../scenarios/executor';
import type { GordoClientWork } from '../scenarios/gordo-client';
import { LATIGO_PRODUCTION } from './projection';

export type ScenarioName = 'scheduler' | 'executor' | 'gordo-client';
export const SCENARIOS: readonly ScenarioName[] = ['scheduler', 'executor', 'gordo-client'];

/** The sizes of one benchmark run. */
export interface BenchPlan {
  scheduler: { projects: number; modelsPerProject: number; slots: number; partitions: number };
  executor: {
    tags: number;
    latencyMs: number;
    /** Concurrency 1 first: its requests give the round trips of every setting. */
    runs: ExecutorRunPlan[];
    leak: ExecutorRunPlan & { sampleEvery: number };
  };
  gordoClient: GordoClientWork;
}

/**
 * The sizes, except at concurrency 1: 2,000 tasks one at a time with 50 ms calls would
 * take ~10 minutes alone, so it runs 100 (it measures the round trips, which do not depend on
 * the count). `quick` shrinks everything for development: its figures are not comparable.
 */
export function benchPlan(quick: boolean): BenchPlan {
  return {
    scheduler: quick
      ? { projects: 10, modelsPerProject: 100, slots: 2, partitions: 8 }
      : { projects: 10, modelsPerProject: 1000, slots: 3, partitions: 8 },
    executor: {
      tags: 20,
      latencyMs: 50,
      runs: quick
        ? [
            { concurrency: 1, models: 5, slots: 4 },
            { concurrency: 8, models: 20, slots: 5 },
            { concurrency: 32, models: 40, slots: 5 },
            { concurrency: 64, models: 80, slots: 4 },
            { concurrency: 32, models: 40, slots: 5, latencyMs: LATIGO_PRODUCTION.callLatencyMs },
          ]
        : [
            { concurrency: 1, models: 10, slots: 10 },
            { concurrency: 8, models: 100, slots: 20 },
            { concurrency: 32, models: 100, slots: 20 },
            { concurrency: 64, models: 100, slots: 20 },
            // Production's call latency: how well the executor overlaps waits when the cores are not the limit.
            { concurrency: 32, models: 100, slots: 20, latencyMs: LATIGO_PRODUCTION.callLatencyMs },
          ],
      leak: quick
        ? { concurrency: 32, models: 40, slots: 25, sampleEvery: 100 }
        : { concurrency: 32, models: 100, slots: 100, sampleEvery: 500 },
    },
    gordoClient: {
      // The peers' anomaly models (plain-3tags would switch the Python client to /prediction for all).
      models: quick ? ['diff-3tags', 'diff-10tags'] : ['diff-3tags', 'diff-10tags', 'diff-25tags'],
      from: '2020-02-01T00:00:00+00:00',
      to: '2020-02-02T00:00:00+00:00',
      batchSize: 1000,
      parallelism: 1,
      // Runs are cheap (~0.2 s over parquet) and single runs vary by ±10 % on this machine.
      runs: quick ? 1 : 11,
      // Both clients live in long-running processes; V8 needs a few runs to compile ours.
      warmups: quick ? 1 : 5,
    },
  };
}

export function parseScenarios(list: string | undefined): ScenarioName[] {
  if (!list) return [...SCENARIOS];
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names)
    if (!SCENARIOS.includes(name as ScenarioName))
      throw new Error(`unknown scenario "${name}" (one of ${SCENARIOS.join(', ')})`);
  return names as ScenarioName[];
}
