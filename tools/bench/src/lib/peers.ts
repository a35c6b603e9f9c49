import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The `<peer>.env` a start script writes: `KEY='value'` lines (an embedded quote as '\\''), `#` comments. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const raw = match[2] as string;
    env[match[1] as string] = raw.startsWith("'") ? raw.slice(1, -1).replace(/'\\''/g, "'") : raw;
  }
  return env;
}

export class PeerError extends Error {
  readonly code = 'BENCH_PEER_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PeerError';
  }
}

/** `tools/peers`, through the workspace link (the scripts are not in the bundle). */
export function peersDir(): string {
  return dirname(require.resolve('@latigo/peers/package.json'));
}

/** Runs a bash script of `tools/peers` or of this package and returns its stdout. */
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
    throw new PeerError(`${script} failed:\n${(stderr ?? String(error)).slice(-3000)}`, { cause: error });
  }
}

/** A real peer of tools/peers (installed on first use), started on loopback; returns its env file. */
export async function startPeer(
  peer: 'kafka' | 'redis' | 'gordo',
  stateDir: string,
  env?: NodeJS.ProcessEnv,
): Promise<Record<string, string>> {
  await runScript(join(peersDir(), peer, 'start.sh'), [stateDir], env);
  return parseEnvFile(readFileSync(join(stateDir, `${peer}.env`), 'utf8'));
}

export async function stopPeer(peer: 'kafka' | 'redis' | 'gordo', stateDir: string): Promise<void> {
  await runScript(join(peersDir(), peer, 'stop.sh'), [stateDir]).catch(() => undefined);
}
