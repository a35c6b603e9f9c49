export { main, type CliIo } from './cli';
export { runLocal, type RunContext, type RunResult } from './lib/run';
export { planRun, PlanError, type RunPlan, type PlanInput } from './lib/run-plan';
