import { EventEmitter } from 'node:events';
import { ExitCode, type ProcessLike, ShutdownCoordinator } from './shutdown';

class FakeProcess extends EventEmitter implements ProcessLike {
  exitCode: number | undefined;
  exits: (number | undefined)[] = [];
  exit(code?: number): never {
    this.exits.push(code);
    return undefined as never;
  }
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('ShutdownCoordinator', () => {
  it('on SIGTERM aborts the run signal, closes resources last-opened-first and sets exit code 0', async () => {
    const proc = new FakeProcess();
    const order: string[] = [];
    const coordinator = new ShutdownCoordinator({ deadlineMs: 1000, process: proc });
    coordinator.register('health server', () => void order.push('health server'));
    coordinator.register('consumer', async () => {
      await tick();
      order.push('consumer');
    });
    coordinator.installSignalHandlers();

    proc.emit('SIGTERM');
    expect(coordinator.signal.aborted).toBe(true);
    const result = await coordinator.shutdown('ignored: already running');
    expect(result.reason).toBe('signal SIGTERM');
    expect(order).toEqual(['consumer', 'health server']);
    expect(result).toMatchObject({ exitCode: ExitCode.ok, closed: ['consumer', 'health server'], failed: [], pending: [] });
    expect(proc.exitCode).toBe(0);
    expect(proc.exits).toEqual([]); // never exit() on the happy path
  });

  it('keeps closing the rest when one resource fails, and exits 1', async () => {
    const proc = new FakeProcess();
    const coordinator = new ShutdownCoordinator({ deadlineMs: 1000, process: proc });
    coordinator.register('a', () => undefined);
    coordinator.register('b', () => {
      throw new Error('close failed');
    });
    const result = await coordinator.shutdown('test');
    expect(result.closed).toEqual(['a']);
    expect(result.failed.map((f) => f.name)).toEqual(['b']);
    expect(proc.exitCode).toBe(ExitCode.failure);
  });

  it('gives up at the deadline and names what was still closing', async () => {
    const proc = new FakeProcess();
    const coordinator = new ShutdownCoordinator({ deadlineMs: 30, process: proc });
    coordinator.register('stuck', () => new Promise<void>(() => undefined));
    const result = await coordinator.shutdown('test');
    expect(result.exitCode).toBe(ExitCode.deadlineExceeded);
    expect(result.pending).toEqual(['stuck']);
    expect(result.durationMs).toBeLessThan(1000);
  });

  it('exits at once on a second signal while draining', async () => {
    const proc = new FakeProcess();
    const coordinator = new ShutdownCoordinator({ deadlineMs: 1000, process: proc });
    coordinator.register('slow', async () => {
      await tick(50);
    });
    coordinator.installSignalHandlers();
    proc.emit('SIGINT');
    proc.emit('SIGINT');
    expect(proc.exits).toEqual([ExitCode.interrupted]);
    await coordinator.shutdown('wait');
  });
});
