import { ConfigError } from '@latigo/config-loader';
import { CommanderError, InvalidArgumentError } from 'commander';
import { statusProgram, type StatusCliIo } from './lib/cli/status-program';
import { HttpStatusReader, redisSource } from './lib/cli/status-sources';
import { TaskStatusError } from './lib/errors';

/**
 * `latigo` entry point: runs the command in `argv` (as `process.argv`) and resolves with the exit
 * code: 0 done, 1 failed (the reason on stderr, e.g. the source is unreachable), 2 bad usage.
 */
export async function main(
  argv: readonly string[],
  io: Partial<StatusCliIo> & { env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
  const env = io.env ?? process.env;
  const program = statusProgram({
    stdout: io.stdout ?? ((text: string) => void process.stdout.write(text)),
    stderr,
    openSource:
      io.openSource ??
      (async (flags) =>
        flags.url
          ? { reader: new HttpStatusReader(flags.url), close: async () => undefined }
          : redisSource(flags.config as string, env)),
  });
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof InvalidArgumentError) {
      stderr(`latigo: ${error.message}\n`);
      return 2;
    }
    if (error instanceof TaskStatusError || error instanceof ConfigError) {
      stderr(`latigo: ${error.message}\n`);
      return 1;
    }
    stderr(`latigo: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
