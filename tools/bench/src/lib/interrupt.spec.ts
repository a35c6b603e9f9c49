import { stopPeersOnInterrupt } from './interrupt';

describe('stopPeersOnInterrupt', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('on %s stops every peer of the run and exits %i', (signal, code) => {
    const stopped: string[] = [];
    const exits: number[] = [];
    const lines: string[] = [];
    const uninstall = stopPeersOnInterrupt({
      stateDir: '/tmp/run-state',
      log: (line) => lines.push(line),
      stopPeer: (peer, dir) => stopped.push(`${peer} ${dir}`),
      exit: (c) => exits.push(c),
    });
    try {
      process.emit(signal, signal);
      expect(stopped).toEqual(['kafka /tmp/run-state', 'redis /tmp/run-state', 'gordo /tmp/run-state']);
      expect(exits).toEqual([code]);
      expect(lines).toEqual([`interrupted (${signal}): stopping the peers`]);
    } finally {
      uninstall();
    }
  });

  it('does nothing once uninstalled', () => {
    const stopped: string[] = [];
    const before = process.listenerCount('SIGINT');
    const uninstall = stopPeersOnInterrupt({
      stateDir: '/tmp/run-state',
      log: () => undefined,
      stopPeer: (peer) => stopped.push(peer),
      exit: () => undefined,
    });
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    uninstall();
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(stopped).toEqual([]);
  });
});
