import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { executorScenario } from '../scenarios/executor';
import { gordoClientScenario } from '../scenarios/gordo-client';
import { schedulerScenario } from '../scenarios/scheduler';
import { stopPeersOnInterrupt } from './interrupt';
import { describeRun } from './machine';
import { renderResultsMarkdown } from './markdown';
import { explain } from './notes';
import type { BenchPlan, ScenarioName } from './plan';
import { LATIGO_PRODUCTION, projectProcesses } from './projection';
import {
  type BenchResults,
  checkTargets,
  flatFigures,
  type ProjectionResult,
  settingAt,
  settingWithLatency,
} from './results';

export interface BenchOptions {
  plan: BenchPlan;
  scenarios: readonly ScenarioName[];
  quick: boolean;
  /** Where results.json and RESULTS.md go. */
  outDir: string;
  /** Write CPU profiles of the worker processes here (`--cpu-prof`). */
  cpuProfileDir?: string;
  log: (line: string) => void;
}

/** Runs the scenarios, one after the other (they share two cores), and writes the results files. */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const started = Date.now();
  const meta = describeRun(options.quick);
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const stateDir = mkdtempSync(join(tmpdir(), 'latigo-bench-peers-'));
  const logDir = mkdtempSync(join(tmpdir(), 'latigo-bench-logs-'));
  const uninstallInterrupt = stopPeersOnInterrupt({ stateDir, log: options.log });
  const onVersion = (name: string, version: string) => {
    meta.versions[name] = version;
  };
  const profile = options.cpuProfileDir ? { cpuProfileDir: resolve(options.cpuProfileDir) } : {};
  const partial: Omit<BenchResults, 'meta' | 'figures' | 'targets' | 'notes'> = {};
  // A failed scenario is reported and the others still run: the results say what is missing.
  const failures: string[] = [];
  const attempt = async (name: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
      options.log(`${name} failed: ${(error as Error).stack ?? String(error)}`);
    }
  };
  try {
    if (options.scenarios.includes('scheduler'))
      await attempt('scheduler', async () => {
        partial.scheduler = await schedulerScenario({
          ...options.plan.scheduler,
          stateDir,
          logDir,
          onVersion,
          log: options.log,
          ...profile,
        });
      });
    if (options.scenarios.includes('executor'))
      await attempt('executor', async () => {
        partial.executor = await executorScenario({
          ...options.plan.executor,
          logDir,
          stateDir,
          log: options.log,
          ...profile,
        });
        partial.projection = projection(partial.executor);
      });
    if (options.scenarios.includes('gordo-client'))
      await attempt('gordo-client', async () => {
        partial.gordoClient = await gordoClientScenario({
          ...options.plan.gordoClient,
          stateDir,
          onVersion,
          log: options.log,
        });
      });
  } finally {
    uninstallInterrupt();
    rmSync(stateDir, { recursive: true, force: true });
  }
  meta.wallSeconds = Math.round((Date.now() - started) / 1000);
  const figures = flatFigures(partial);
  const results: BenchResults = { meta, figures, targets: checkTargets(figures), notes: [], ...partial };
  results.notes = [
    ...failures.map((f) => `Scenario failed, its figures are missing: ${f}`),
    ...explain(results),
  ];
  results.failures = failures;
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, 'RESULTS.md'), renderResultsMarkdown(results));
  options.log(`logs of the apps: ${logDir}`);
  return results;
}

function projection(executor: NonNullable<BenchResults['executor']>): ProjectionResult | undefined {
  // The run at production's call latency where there is one: its efficiency is measured, not assumed.
  const c32 =
    settingWithLatency(executor, 32, LATIGO_PRODUCTION.callLatencyMs) ?? settingAt(executor.settings, 32);
  const c1 = executor.settings.find((s) => s.roundTripsWarm !== undefined);
  if (!c32 || !c1 || c1.roundTripsWarm === undefined || c1.roundTripsCold === undefined) return undefined;
  const measuredAtMs = c32.latencyMs ?? executor.latencyMs;
  return {
    load: LATIGO_PRODUCTION,
    from: `scenario 2 at concurrency 32 with ${measuredAtMs} ms calls (efficiency ${c32.efficiency.toFixed(2)}, ${c32.cpuMsPerTask.toFixed(1)} CPU ms per task) and the round trips measured at concurrency 1`,
    projection: projectProcesses(LATIGO_PRODUCTION, {
      concurrency: 32,
      efficiency: c32.efficiency,
      roundTripsWarm: c1.roundTripsWarm,
      roundTripsCold: c1.roundTripsCold,
      cpuMsPerTask: c32.cpuMsPerTask,
    }),
    assumptions: [
      `${LATIGO_PRODUCTION.models} tasks per ${LATIGO_PRODUCTION.slotSeconds / 60}-minute slot must finish within ${LATIGO_PRODUCTION.slotShare * 100} % of it, leaving the rest for retries, redeliveries and catch-up.`,
      `Every upstream call takes ${LATIGO_PRODUCTION.callLatencyMs} ms, and a task waits for its dependent round trips (as measured) plus its own CPU time; the tags, model sizes and call pattern are those of scenario 2 (${executor.tagsPerModel} tags per model).`,
      measuredAtMs === LATIGO_PRODUCTION.callLatencyMs
        ? `Each process runs executor.concurrency 32 at the efficiency measured with every call delayed ${measuredAtMs} ms.`
        : `Each process runs executor.concurrency 32 at the efficiency measured at ${measuredAtMs} ms per call (at ${LATIGO_PRODUCTION.callLatencyMs} ms, CPU is a smaller share of a task, so this errs on the safe side).`,
      `A process may use ${LATIGO_PRODUCTION.cpuShare * 100} % of one core; the CPU per task is the executor's own (measured in its process), JSON logging included.`,
      'Upstreams scale with the load (Gordo, the Timeseries API and the metadata API keep their 200 ms at the resulting request rate), and Kafka partitions ≥ processes.',
    ],
  };
}
