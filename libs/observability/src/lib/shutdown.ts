import { type Logger, noopLogger } from './logger';

/** Exit codes a Latigo process ends with. */
export const ExitCode = {
  ok: 0,
  /** A resource failed to close, or the process failed at start or at run time. */
  failure: 1,
  /** Bad configuration or command line (as sysexits' EX_USAGE/EX_CONFIG, simplified). */
  config: 2,
  /** Resources were still closing when the deadline passed. */
  deadlineExceeded: 124,
  /** A second SIGINT/SIGTERM arrived while draining: stop at once. */
  interrupted: 130,
} as const;

export type CloseFn = () => Promise<void> | void;

export interface ShutdownResult {
  reason: string;
  exitCode: number;
  closed: string[];
  failed: { name: string; error: unknown }[];
  /** Resources still closing when the deadline passed. */
  pending: string[];
  durationMs: number;
}

/** The part of `process` the coordinator uses, so tests can pass a fake. */
export interface ProcessLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  exit(code?: number): never;
  exitCode?: number | string | null | undefined;
}

export interface ShutdownCoordinatorOptions {
  /** Time allowed for all resources to close. */
  deadlineMs: number;
  logger?: Logger;
  process?: ProcessLike;
  /**
   * After shutdown, if something forgotten still holds the event loop open this long,
   * exit anyway (the timer is unref'd, so it never delays a clean exit). Default 2000 ms.
   */
  lingerMs?: number;
}

/**
 * Turns SIGTERM/SIGINT into an orderly stop: aborts `signal` (so run loops stop taking work),
 * closes the registered resources in reverse order of registration (last opened, first closed)
 * within the deadline, then sets `process.exitCode`. It never calls `process.exit()` on the
 * happy path, so buffered log lines reach stdout.
 */
export class ShutdownCoordinator {
  private readonly resources: { name: string; close: CloseFn }[] = [];
  private readonly abort = new AbortController();
  private readonly logger: Logger;
  private readonly proc: ProcessLike;
  private running: Promise<ShutdownResult> | undefined;

  constructor(private readonly options: ShutdownCoordinatorOptions) {
    this.logger = options.logger ?? noopLogger;
    this.proc = options.process ?? process;
  }

  /** Aborted as soon as shutdown begins. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get shuttingDown(): boolean {
    return this.running !== undefined;
  }

  /** Registers a resource to close on shutdown. */
  register(name: string, close: CloseFn): void {
    this.resources.push({ name, close });
  }

  /** Listens for the signals; a second signal while draining exits at once. */
  installSignalHandlers(signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
    for (const sig of signals) {
      const listener = () => {
        if (this.running) {
          this.logger.warn('second signal while shutting down: exiting now', { signal: sig });
          this.proc.exit(ExitCode.interrupted);
        }
        void this.shutdown(`signal ${sig}`);
      };
      // The listener stays installed while draining, so a second signal forces the exit.
      this.proc.on(sig, listener);
    }
  }

  /** Starts the shutdown (idempotent) and resolves with what happened. */
  shutdown(reason: string, exitCode: number = ExitCode.ok): Promise<ShutdownResult> {
    this.running ??= this.run(reason, exitCode);
    return this.running;
  }

  private async run(reason: string, requestedExitCode: number): Promise<ShutdownResult> {
    const started = Date.now();
    this.logger.info('shutting down', { reason, deadlineMs: this.options.deadlineMs });
    this.abort.abort(new Error(`shutdown: ${reason}`));

    const closed: string[] = [];
    const failed: ShutdownResult['failed'] = [];
    const pending = new Set(this.resources.map((r) => r.name));
    let deadlineTimer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      deadlineTimer = setTimeout(() => resolve('deadline'), this.options.deadlineMs);
    });
    const closeAll = (async () => {
      for (const resource of [...this.resources].reverse()) {
        try {
          await resource.close();
          closed.push(resource.name);
        } catch (error) {
          failed.push({ name: resource.name, error });
          this.logger.error('resource failed to close', { resource: resource.name, error });
        } finally {
          pending.delete(resource.name);
        }
      }
      return 'done' as const;
    })();
    const outcome = await Promise.race([closeAll, deadline]);
    clearTimeout(deadlineTimer);

    let exitCode: number = requestedExitCode;
    if (outcome === 'deadline') exitCode = ExitCode.deadlineExceeded;
    else if (failed.length > 0 && exitCode === ExitCode.ok) exitCode = ExitCode.failure;
    const result: ShutdownResult = {
      reason,
      exitCode,
      closed,
      failed,
      pending: [...pending],
      durationMs: Date.now() - started,
    };
    const meta = { ...result, failed: failed.map((f) => f.name) };
    if (outcome === 'deadline') this.logger.error('shutdown deadline exceeded', meta);
    else this.logger.info('shutdown complete', meta);

    this.proc.exitCode = exitCode;
    const lingerMs = outcome === 'deadline' ? 200 : (this.options.lingerMs ?? 2000);
    setTimeout(() => this.proc.exit(exitCode), lingerMs).unref();
    return result;
  }
}
