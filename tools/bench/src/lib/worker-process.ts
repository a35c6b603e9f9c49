import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** A message between the benchmark and a worker process: a `type` and any JSON fields. */
export interface WorkerMessage {
  type: string;
  [key: string]: unknown;
}

export class WorkerError extends Error {
  readonly code = 'BENCH_WORKER_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerError';
  }
}

export type WorkerApp = 'executor' | 'scheduler' | 'gordo-client';

/** A worker bundle beside the CLI's (`dist/executor-worker.js`, `dist/scheduler-worker.js`, `dist/gordo-client-worker.js`). */
export function workerBundle(app: WorkerApp): string {
  return join(__dirname, `${app}-worker.js`);
}

/**
 * A scenario's app in its own process, so its RSS and CPU time are its own: messages come in
 * order and are waited for by type; an exit before the awaited message is an error.
 */
export class WorkerProcess {
  private readonly child: ChildProcess;
  private readonly inbox: WorkerMessage[] = [];
  private waiter: (() => void) | undefined;
  private exited: string | undefined;

  constructor(
    app: WorkerApp,
    kind: string,
    options: {
      cpuProfileDir?: string;
      bundle?: string;
      nodeFlags?: readonly string[];
      /** Variables added to this process's environment. */
      env?: Record<string, string>;
    } = {},
  ) {
    const execArgv = [...(options.nodeFlags ?? [])];
    if (options.cpuProfileDir)
      execArgv.push(
        '--cpu-prof',
        `--cpu-prof-dir=${options.cpuProfileDir}`,
        `--cpu-prof-name=${kind}-${Date.now()}.cpuprofile`,
      );
    this.child = fork(options.bundle ?? workerBundle(app), [kind], {
      execArgv,
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: WorkerMessage) => {
      this.inbox.push(message);
      this.waiter?.();
    });
    this.child.on('exit', (code, signal) => {
      this.exited = `the ${kind} worker exited (${signal ?? `code ${code}`})`;
      this.waiter?.();
    });
  }

  send(message: WorkerMessage): void {
    this.child.send(message);
  }

  /** The next message of this type (earlier ones of other types are kept); a worker's `error` message throws. */
  async next(type: string): Promise<WorkerMessage> {
    for (;;) {
      const index = this.inbox.findIndex((m) => m.type === type || m.type === 'error');
      if (index >= 0) {
        const [message] = this.inbox.splice(index, 1) as [WorkerMessage];
        if (message.type === 'error') throw new WorkerError(`worker failed: ${String(message['message'])}`);
        return message;
      }
      if (this.exited) throw new WorkerError(`${this.exited} before sending "${type}"`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
      this.waiter = undefined;
    }
  }

  /** Waits for the exit (after the worker said it is done), killing it after `graceMs`. */
  async exit(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await new Promise((resolve) => this.child.once('exit', resolve));
    clearTimeout(timer);
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** Worker side: the parent's messages, in order. */
export function parentChannel(): {
  send(m: WorkerMessage): void;
  next(type: string): Promise<WorkerMessage>;
} {
  const inbox: WorkerMessage[] = [];
  let waiter: (() => void) | undefined;
  process.on('message', (m: WorkerMessage) => {
    inbox.push(m);
    waiter?.();
  });
  return {
    send: (m) => process.send?.(m),
    next: async (type) => {
      for (;;) {
        const index = inbox.findIndex((m) => m.type === type);
        if (index >= 0) return inbox.splice(index, 1)[0] as WorkerMessage;
        await new Promise<void>((resolve) => {
          waiter = resolve;
        });
        waiter = undefined;
      }
    },
  };
}

/** CPU time (user + system) and peak RSS of this process so far. */
export function usage(): {
  cpuMs: number;
  maxRssMb: number;
  rssMb: number;
  heapMb: number;
  externalMb: number;
} {
  const u = process.resourceUsage();
  const m = process.memoryUsage();
  return {
    cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000,
    maxRssMb: u.maxRSS / 1024,
    rssMb: m.rss / 1_048_576,
    heapMb: m.heapUsed / 1_048_576,
    // Buffers and WebAssembly memories (undici's llhttp): outside the JS heap.
    externalMb: m.external / 1_048_576,
  };
}
