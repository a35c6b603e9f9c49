import type { SchedulerConfig } from '@latigo/config-loader';
import { ExitCode } from '@latigo/observability';
import type { CommandContext, ServiceCommand } from '@latigo/service-runtime';
import { InvalidArgumentError } from 'commander';
import { DiscoveryError } from '../discovery';
import { BackfillError } from './errors';
import { parseTime } from './range';
import { exitCodeOf, formatReport } from './report';
import { type BackfillDeps, type BackfillRequest, runBackfill } from './run-backfill';

/** What the composition root builds for a backfill: everything but the request. */
export type BackfillWiring = (
  ctx: CommandContext<SchedulerConfig>,
  options: { projects: readonly string[] },
) => Promise<Omit<BackfillDeps, 'signal'>>;

interface BackfillFlags {
  from: string;
  to: string;
  project?: string[];
  model?: string[];
  dryRun?: boolean;
  maxTasks: number;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
};

/** `latigo-scheduler backfill --from … --to … [--project …] [--model …] [--dry-run]`. */
export function backfillCommand(wire: BackfillWiring): ServiceCommand<SchedulerConfig> {
  return {
    name: 'backfill',
    description: 'enqueue the tasks of a past data range, with a progress bar and a summary, then exit',
    configure: (command) =>
      command
        .requiredOption('--from <time>', 'start of the data range, ISO 8601 (UTC unless a zone is given)')
        .requiredOption('--to <time>', 'end of the data range (exclusive)')
        .option(
          '--project <name>',
          'only this project, instead of the configured source (repeatable)',
          collect,
        )
        .option('--model <name>', 'only models of this name (repeatable)', collect)
        .option('--dry-run', 'list the windows and models, enqueue nothing')
        .option('--max-tasks <n>', 'refuse to enqueue more tasks than this', positive, 100_000)
        .addHelpText(
          'after',
          '\nEvery slot whose window [slot - delay, slot - delay + interval) overlaps [--from, --to) is enqueued,\n' +
            'oldest first, for the models Gordo serves now (scheduler.include_models/exclude_models apply).\n' +
            'Task ids are the ones the scheduler gives, so a repeated backfill only repeats tasks.\n' +
            'Exit codes: 0 all enqueued, 1 something left out (see the summary), 2 bad arguments, 130 interrupted.',
        ),
    run: async (ctx, options) => {
      const flags = options as unknown as BackfillFlags;
      let request: BackfillRequest;
      try {
        request = {
          from: parseTime(flags.from, '--from'),
          to: parseTime(flags.to, '--to'),
          models: flags.model ?? [],
          dryRun: flags.dryRun ?? false,
          maxTasks: flags.maxTasks,
        };
      } catch (error) {
        return usageError(ctx, error);
      }
      const deps = await wire(ctx, { projects: flags.project ?? [] });
      try {
        const report = await runBackfill({ ...deps, signal: ctx.signal }, request);
        ctx.stdout.write(formatReport(report));
        return exitCodeOf(report);
      } catch (error) {
        if (error instanceof BackfillError) return usageError(ctx, error);
        if (error instanceof DiscoveryError) {
          ctx.stderr.write(`backfill: nothing enqueued: ${error.code}: ${error.message}\n`);
          return ExitCode.failure;
        }
        throw error;
      }
    },
  };
}

function usageError(ctx: CommandContext<SchedulerConfig>, error: unknown): number {
  if (!(error instanceof BackfillError)) throw error;
  ctx.stderr.write(`backfill: ${error.message}\n`);
  return ExitCode.config;
}
