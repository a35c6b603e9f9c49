import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class ScriptError extends Error {
  readonly code = 'BENCH_SCRIPT_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScriptError';
  }
}

/** Runs a bash script of `tools/peers` or of this package (e.g. the Python client's installer) and returns its stdout. */
export async function runScript(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  try {
    const { stdout } = await run('bash', [script, ...args], { maxBuffer: 16 * 1024 * 1024, env });
    return stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new ScriptError(`${script} failed:\n${(stderr ?? String(error)).slice(-3000)}`, { cause: error });
  }
}
