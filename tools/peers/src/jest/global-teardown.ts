import { type PeerName, stopPeer } from '../peers';

/** Stops every peer the global setup started (it runs whether the tests passed or failed). */
export default async function globalTeardown(): Promise<void> {
  const stateDir = process.env['LATIGO_TEST_PEERS_STATE_DIR'];
  if (!stateDir) return;
  const peers = (process.env['LATIGO_TEST_PEERS'] ?? '').split(',').filter(Boolean) as PeerName[];
  await Promise.all(peers.map((peer) => stopPeer(peer, stateDir)));
}
