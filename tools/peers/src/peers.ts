import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

export type PeerName = 'kafka' | 'redis' | 'gordo';
export const ALL_PEERS: readonly PeerName[] = ['kafka', 'redis', 'gordo'];

// Through the workspace link rather than __dirname, so harnesses that bundle this module find the scripts.
export const peersDir = dirname(require.resolve('@latigo/peers/package.json'));
const run = promisify(execFile);

/** Parses the `<peer>.env` file a start script writes: `KEY='value'` lines, `#` comments. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    // Single-quoted shell words; an embedded quote is written as '\''.
    env[key] = raw.startsWith("'") ? raw.slice(1, -1).replace(/'\\''/g, "'") : raw;
  }
  return env;
}

/**
 * Starts a real peer with `tools/peers/<peer>/start.sh` (installing it on first use) and
 * returns the endpoints it wrote to `<stateDir>/<peer>.env`.
 */
export async function startPeer(
  peer: PeerName,
  stateDir: string,
  /** Knobs of the start script, e.g. `REDIS_PASSWORD`. */
  env: Record<string, string> = {},
): Promise<Record<string, string>> {
  try {
    await run('bash', [join(peersDir, peer, 'start.sh'), stateDir], {
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, ...env },
    });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`starting the ${peer} peer failed:\n${(stderr ?? String(error)).slice(-4000)}`, {
      cause: error,
    });
  }
  return parseEnvFile(readFileSync(join(stateDir, `${peer}.env`), 'utf8'));
}

/** Stops a peer by the PID its start script recorded; safe to call when it never started. */
export async function stopPeer(peer: PeerName, stateDir: string): Promise<void> {
  await run('bash', [join(peersDir, peer, 'stop.sh'), stateDir]);
}

/**
 * An outage: stops a running Kafka or Redis peer, keeps it down for `downMs`, and starts it again
 * on the same ports with the same config and data dir (`restart.sh`), so clients reconnect.
 * Resolves once it is ready again.
 */
export async function restartPeer(peer: 'kafka' | 'redis', stateDir: string, downMs: number): Promise<void> {
  try {
    await run('bash', [join(peersDir, 'restart.sh'), peer, stateDir, (downMs / 1000).toFixed(1)]);
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`restarting the ${peer} peer failed:\n${(stderr ?? String(error)).slice(-4000)}`, {
      cause: error,
    });
  }
}

/** Synchronous stop, for `process.on('exit')` when a test run is interrupted. */
export function stopPeerSync(peer: PeerName, stateDir: string): void {
  try {
    execFileSync('bash', [join(peersDir, peer, 'stop.sh'), stateDir], { stdio: 'ignore' });
  } catch {
    // best effort while exiting
  }
}
