import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PEERS, type PeerName, startPeer, stopPeerSync } from '../peers';

/**
 * Jest global setup for integration suites: starts the real peers named in LATIGO_PEERS
 * (default: all of kafka, redis, gordo) and passes their endpoints to the test workers through
 * the environment (LATIGO_TEST_*). If a peer fails to start, the ones already started are stopped.
 */
export default async function globalSetup(): Promise<void> {
  const wanted = (process.env['LATIGO_PEERS'] ?? ALL_PEERS.join(','))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean) as PeerName[];
  const unknown = wanted.filter((p) => !ALL_PEERS.includes(p));
  if (unknown.length) throw new Error(`LATIGO_PEERS names unknown peers: ${unknown.join(', ')} (known: ${ALL_PEERS.join(', ')})`);

  const stateDir = mkdtempSync(join(tmpdir(), 'latigo-peers-'));
  process.env['LATIGO_TEST_PEERS_STATE_DIR'] = stateDir;
  process.env['LATIGO_TEST_PEERS'] = wanted.join(',');
  // Also stop them when Jest is interrupted before the teardown runs.
  process.once('exit', () => wanted.forEach((p) => stopPeerSync(p, stateDir)));

  const started = Date.now();
  const results = await Promise.allSettled(wanted.map((peer) => startPeer(peer, stateDir)));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failures.length) {
    wanted.forEach((p) => stopPeerSync(p, stateDir));
    throw new Error(failures.map((f) => f.message).join('\n\n'));
  }
  for (const result of results) if (result.status === 'fulfilled') Object.assign(process.env, result.value);
  process.stdout.write(`\n[peers] ${wanted.join(', ')} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${stateDir})\n`);
}
