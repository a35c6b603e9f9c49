import { ConfigError } from '@latigo/config-loader';
import { CommanderError } from 'commander';
import { createTaskQueue } from './lib/create-task-queue';
import { dlqProgram, type CliIo } from './lib/cli/dlq-program';
import { TaskQueueError } from './lib/errors';

/**
 * `latigo-tasks` entry point: runs the command in `argv` (as `process.argv`) and resolves with the
 * exit code: 0 done, 1 failed (the reason on stderr), 2 bad usage.
 */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
  const program = dlqProgram({
    stdout: io.stdout ?? ((text: string) => void process.stdout.write(text)),
    stderr,
    env: io.env ?? process.env,
    openQueue: io.openQueue ?? ((section) => createTaskQueue(section)),
  });
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof TaskQueueError || error instanceof ConfigError) {
      stderr(`latigo-tasks: ${error.message}\n`);
      return 1;
    }
    stderr(`latigo-tasks: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
