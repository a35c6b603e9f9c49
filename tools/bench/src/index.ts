export { main } from './cli';
export { runBench, type BenchOptions } from './lib/run-bench';
export { benchPlan, type BenchPlan } from './lib/plan';
export type { BenchResults } from './lib/results';
