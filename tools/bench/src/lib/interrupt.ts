import { ALL_PEERS, type PeerName, stopPeerSync } from '@latigo/peers';

export interface InterruptOptions {
  /** Where the run's peers keep their PID files. */
  stateDir: string;
  log: (line: string) => void;
  /** Injected by tests; the real ones stop a peer by its PID file and end the process. */
  stopPeer?: (peer: PeerName, stateDir: string) => void;
  exit?: (code: number) => void;
}

/**
 * On Ctrl-C or SIGTERM, stops the peers a run may have started (Kafka, Redis, Gordo: each a
 * daemon of its own that would otherwise keep running and holding its port) and exits 130/143.
 * The worker processes end by themselves when their IPC channel closes. Returns the uninstaller.
 */
export function stopPeersOnInterrupt(options: InterruptOptions): () => void {
  const stop = options.stopPeer ?? stopPeerSync;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const onSignal = (signal: NodeJS.Signals) => {
    options.log(`interrupted (${signal}): stopping the peers`);
    for (const peer of ALL_PEERS) stop(peer, options.stateDir); // safe for peers never started
    exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
