import { ConfigError } from '@latigo/config-loader';
import { Command, InvalidArgumentError } from 'commander';
import { PlanError, planRun, type PlanInput } from './lib/run-plan';
import { runLocal } from './lib/run';
import { screenshotReport } from './lib/screenshot';

const number = (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new InvalidArgumentError(`expected a number, got "${value}"`);
  return n;
};

export interface CliIo {
  argv?: string[];
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  cwd?: string;
  /** Aborted on Ctrl-C; the default listens to SIGINT and SIGTERM (a second one exits at once). */
  signal?: AbortSignal;
}

/**
 * `npm start [-- options]`: the whole Latigo pipeline in this process on the embedded default,
 * a catch-up over the last hours of synthetic data, live progress, a summary and an HTML report.
 * Resolves with the exit code: 0 every task accounted for, 1 failure, 2 bad options or
 * configuration, 130 interrupted.
 */
export async function main(io: CliIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const program = new Command('latigo-local-run')
    .description(
      'Runs the scheduler and executors with emulated Gordo, Timeseries and metadata APIs in one process, catches up the last hours of synthetic sensor data, and writes an HTML report with a plot per model.',
    )
    .option('--models <n>', 'models (one sensor group each)', number, 4)
    .option('--tags <n>', 'input tags per model', number, 3)
    .option(
      '--hours <h>',
      'hours of data to catch up (slots of the scheduler interval, 30 min by default)',
      number,
      6,
    )
    .option('--executors <n>', 'executors sharing the task queue', number, 1)
    .option('--seed <n>', 'seed of the synthetic signals, anomalies and models', number, 1)
    .option('--follow', 'keep running after the catch-up (a slot every interval) until Ctrl-C', false)
    .option(
      '--no-troubled-models',
      'leave out the two extra models whose tasks are skipped (a tag without series) and dead-lettered (a tag in two facilities)',
    )
    .option('--serve', "after the run, keep serving the scheduler's /status page until Ctrl-C", false)
    .option(
      '--config <file>',
      "override file in the apps' format (task_queue, cache, model_info, …) applied to both apps: real Kafka, Redis or Gordo",
    )
    .option('--out <dir>', 'output folder (default: local-run/<UTC timestamp>)')
    .option('--screenshot <png>', "also save a PNG of the report's first screen (needs Debian's chromium)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });

  let input: PlanInput & { screenshot?: string };
  try {
    program.parse(io.argv ?? process.argv);
    input = program.opts<PlanInput & { screenshot?: string }>();
  } catch (error) {
    const exitCode = (error as { exitCode?: number }).exitCode;
    return exitCode === 0 ? 0 : 2;
  }

  const interrupt = io.signal ? { signal: io.signal, release: () => undefined } : onInterrupt(stderr);
  try {
    const plan = planRun(input, io.cwd ?? process.cwd());
    const result = await runLocal(plan, { stdout, signal: interrupt.signal });
    if (input.screenshot) {
      await screenshotReport(result.reportFile, input.screenshot);
      stdout.write(`screenshot: ${input.screenshot}\n`);
    }
    return result.exitCode;
  } catch (error) {
    if (error instanceof PlanError || error instanceof ConfigError) {
      stderr.write(`latigo-local-run: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    interrupt.release();
  }
}

/** Ctrl-C (or SIGTERM) ends the run in order; a second one exits at once. */
function onInterrupt(stderr: NodeJS.WritableStream): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const listener = () => {
    if (controller.signal.aborted) process.exit(130);
    stderr.write('\nstopping: running tasks finish, then the report is written (again to stop at once)\n');
    controller.abort();
  };
  process.on('SIGINT', listener).on('SIGTERM', listener);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', listener).off('SIGTERM', listener);
    },
  };
}
