import { Command, InvalidArgumentError } from 'commander';
import { formatHistory, formatReport } from './format-status';
import type { StatusSource } from './status-sources';

export interface StatusCliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Opens the source the flags name (Redis through a config file, or the scheduler's URL). */
  readonly openSource: (flags: { config?: string; url?: string }) => Promise<StatusSource>;
}

interface StatusFlags {
  readonly config?: string;
  readonly url?: string;
  readonly slots: number;
  readonly project?: string;
  readonly model?: string;
  readonly limit: number;
  readonly json?: boolean;
}

function positive(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a positive integer');
  return Number(value);
}

function projectModel(value: string): string {
  if (!/^[^/]+\/[^/]+$/.test(value)) throw new InvalidArgumentError('expected <project>/<model>');
  return value;
}

/** `latigo status`: the commander program, with its output and source injected. */
export function statusProgram(io: StatusCliIo): Command {
  const program = new Command('latigo')
    .description('Latigo tools')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program
    .command('status')
    .description(
      'what happened to the tasks of the recent slots: counts per slot and project, stale models, dead letters',
    )
    .option(
      '-c, --config <file>',
      'Latigo config file whose cache and task_status sections to read (Redis; ${VAR} interpolated)',
    )
    .option(
      '-u, --url <url>',
      "the scheduler's base URL (its /status.json), e.g. http://latigo-scheduler:8080",
    )
    .option('--slots <n>', 'newest slots to show', positive, 6)
    .option('--project <name>', 'only this project')
    .option('--model <project/model>', "this model's recent tasks, with reasons", projectModel)
    .option('--limit <n>', 'tasks shown with --model', positive, 20)
    .option('--json', 'the raw StatusReport (or ModelHistory with --model) as JSON')
    .action(async (flags: StatusFlags) => {
      if (!flags.config === !flags.url)
        throw new InvalidArgumentError('give exactly one of --config <file> or --url <url>');
      const source = await io.openSource(flags);
      try {
        if (flags.model) {
          const [project, model] = flags.model.split('/') as [string, string];
          const history = await source.reader.modelHistory(project, model, flags.limit);
          io.stdout(flags.json ? `${JSON.stringify(history, null, 2)}\n` : formatHistory(history));
        } else {
          const report = await source.reader.report({
            slots: flags.slots,
            ...(flags.project ? { project: flags.project } : {}),
          });
          io.stdout(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
        }
      } finally {
        await source.close();
      }
    });
  return program;
}
