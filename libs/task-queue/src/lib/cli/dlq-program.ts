import type { TaskQueueSectionConfig } from '@latigo/config-loader';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { DeadLetterFilter, TaskQueue } from '../task-queue';
import { CONNECTION_STRING_ENV, taskQueueSectionFor, type ConnectionFlags } from './cli-config';
import { deadLetterJson, formatDeadLetter } from './format-dead-letter';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Opens the queue a `task_queue` section describes (the Kafka adapter in production). */
  readonly openQueue: (section: TaskQueueSectionConfig) => TaskQueue;
}

interface DlqFlags extends ConnectionFlags {
  readonly project?: string;
  readonly model?: string;
  readonly code?: string;
  readonly fromOffset?: bigint;
  readonly json?: boolean;
  readonly dryRun?: boolean;
}

function parseOffset(value: string): bigint {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer');
  return BigInt(value);
}

function filterOf(flags: DlqFlags): DeadLetterFilter {
  return {
    ...(flags.project ? { project: flags.project } : {}),
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.code ? { code: flags.code } : {}),
    ...(flags.fromOffset !== undefined ? { fromOffset: flags.fromOffset } : {}),
  };
}

/** `latigo-tasks dlq list|replay`: the commander program, with its output and queue injected. */
export function dlqProgram(io: CliIo): Command {
  const program = new Command('latigo-tasks')
    .description('Latigo task queue tools')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const withCommonOptions = (command: Command) =>
    command
      .option(
        '-c, --config <file>',
        'Latigo config file whose task_queue section to use (${VAR} interpolated)',
      )
      .option('--bootstrap-servers <list>', 'host:port list (instead of the connection string endpoint)')
      .option('--topic <name>', 'task topic (default: from the config or EntityPath)')
      .option('--dead-letter-topic <name>', 'dead-letter topic (default: <topic>.dlq)')
      .option('--ca-file <file>', 'CA bundle (PEM) to trust for TLS')
      .option('--project <name>', 'only dead letters of this project')
      .option('--model <name>', 'only dead letters of this model')
      .option('--code <code>', 'only dead letters with this error code, e.g. TASK_POISON_MESSAGE')
      .addOption(
        new Option('--from-offset <offset>', 'only dead letters at or after this offset').argParser(
          parseOffset,
        ),
      )
      .addHelpText(
        'after',
        `\nThe connection string is read from ${CONNECTION_STRING_ENV} (or the config file), never from a flag.`,
      );

  const dlq = program.command('dlq').description('inspect and replay the dead-letter topic');

  const withQueue = async (flags: DlqFlags, body: (queue: TaskQueue) => Promise<void>) => {
    const queue = io.openQueue(await taskQueueSectionFor(flags, io.env));
    try {
      await body(queue);
    } finally {
      await queue.close();
    }
  };

  withCommonOptions(dlq.command('list'))
    .description('print the dead letters (one line each, or JSON lines with --json)')
    .option('--json', 'JSON lines')
    .action(async (flags: DlqFlags) =>
      withQueue(flags, async (queue) => {
        const letters = await queue.deadLetters.list(filterOf(flags));
        for (const letter of letters)
          io.stdout(`${flags.json ? deadLetterJson(letter) : formatDeadLetter(letter)}\n`);
        if (!flags.json) io.stdout(`${letters.length} dead letter(s) on ${queue.deadLetterTopic}\n`);
      }),
    );

  withCommonOptions(dlq.command('replay'))
    .description('send matching dead letters back to the task topic (poison messages are never replayed)')
    .option('--dry-run', 'only show what would be replayed')
    .action(async (flags: DlqFlags) =>
      withQueue(flags, async (queue) => {
        const filter = filterOf(flags);
        if (flags.dryRun) {
          for (const letter of await queue.deadLetters.list(filter)) {
            io.stdout(
              `${letter.task ? 'would replay' : 'would skip (poison)'}  ${formatDeadLetter(letter)}\n`,
            );
          }
        }
        const result = await queue.deadLetters.replay(filter, { dryRun: flags.dryRun ?? false });
        const next = Object.entries(result.lastOffsets)
          .map(([partition, offset]) => `partition ${partition}: --from-offset ${BigInt(offset) + 1n}`)
          .join(', ');
        io.stdout(
          `${flags.dryRun ? 'dry run: ' : ''}matched ${result.matched}, replayed ${result.replayed} to ${queue.topic}, ` +
            `skipped ${result.skippedPoison} poison` +
            (next && !flags.dryRun ? `; to skip these next time: ${next}` : '') +
            '\n',
        );
      }),
    );
  return program;
}
