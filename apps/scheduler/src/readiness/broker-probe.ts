import { connect } from 'node:net';

/**
 * A readiness check that passes when a TCP connection to one of `brokers` (`host:port`) opens
 * within `timeoutMs`. It says the broker is reachable, not that it accepts our credentials: a
 * failing enqueue reports that (see `EnqueueHealth`).
 */
export function brokerProbe(brokers: readonly string[], timeoutMs = 1500): () => Promise<string | undefined> {
  return async () => {
    const failures: string[] = [];
    for (const broker of brokers) {
      const failure = await tryConnect(broker, timeoutMs);
      if (!failure) return undefined;
      failures.push(`${broker} (${failure})`);
    }
    return `no broker reachable: ${failures.join(', ')}`;
  };
}

function tryConnect(address: string, timeoutMs: number): Promise<string | undefined> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (failure?: string) => {
      socket.destroy();
      resolve(failure);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => finish());
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}
