import { join } from 'node:path';
import { timestampFolder } from './format';

/** What one local run does, from the command line. */
export interface RunPlan {
  /** Gordo project of the generated models. */
  project: string;
  models: number;
  /** Input tags per model. */
  tags: number;
  /** Hours of synthetic data caught up, ending at the latest slot. */
  hours: number;
  executors: number;
  /** Keep running after the catch-up (a slot every interval) until Ctrl-C. */
  follow: boolean;
  /** Two more models, one whose tasks are skipped and one whose tasks are dead-lettered. */
  troubledModels: boolean;
  /** Keep serving the scheduler's `/status` after the run until Ctrl-C. */
  serve: boolean;
  /** An override file in the apps' format (real Kafka, Redis, Gordo…). */
  config?: string;
  /** Output folder: report.html and logs/. */
  out: string;
  seed: number;
}

export interface PlanInput {
  models: number;
  tags: number;
  hours: number;
  executors: number;
  follow: boolean;
  /** Default true. */
  troubledModels?: boolean;
  serve?: boolean;
  config?: string;
  out?: string;
  seed: number;
}

export const PLAN_LIMITS = {
  models: { min: 1, max: 500 },
  tags: { min: 1, max: 25 },
  hours: { min: 0.5, max: 72 },
  executors: { min: 1, max: 8 },
} as const;

/** Thrown for options outside their range; the CLI prints the message and exits with 2. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/**
 * Checks the options and fills in the output folder (`local-run/<UTC timestamp>` under `cwd`).
 * Half hours are the unit of `hours`, so the catch-up window is whole minutes.
 */
export function planRun(input: PlanInput, cwd: string, now: Date = new Date()): RunPlan {
  for (const key of ['models', 'tags', 'executors'] as const) {
    const { min, max } = PLAN_LIMITS[key];
    const value = input[key];
    if (!Number.isInteger(value) || value < min || value > max)
      throw new PlanError(`--${key} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  const { min, max } = PLAN_LIMITS.hours;
  if (!(input.hours >= min && input.hours <= max) || !Number.isInteger(input.hours * 2))
    throw new PlanError(`--hours must be from ${min} to ${max} in steps of 0.5, got ${input.hours}`);
  if (!Number.isInteger(input.seed)) throw new PlanError(`--seed must be a whole number, got ${input.seed}`);
  return {
    project: 'latigo-local',
    models: input.models,
    tags: input.tags,
    hours: input.hours,
    executors: input.executors,
    follow: input.follow,
    troubledModels: input.troubledModels ?? true,
    serve: input.serve ?? false,
    ...(input.config ? { config: input.config } : {}),
    out: input.out ?? join(cwd, 'local-run', timestampFolder(now)),
    seed: input.seed,
  };
}
