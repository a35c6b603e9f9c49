import { join } from 'node:path';
import { ServiceProcess } from '@latigo/service-runtime/testing';
import { workspaceRoot } from '../lib/tallies-file';
import type { LogCapture } from './log-capture';

export const EXECUTOR_MAIN = join(workspaceRoot(), 'apps', 'executor', 'dist', 'main.js');
export const SCHEDULER_MAIN = join(workspaceRoot(), 'apps', 'scheduler', 'dist', 'main.js');

/**
 * Executors as real processes of the built bundle, like pods of a Deployment: a member that
 * exits (killed by the suite or by itself) is replaced by a new process, and every process
 * ever started is kept for its log lines.
 */
export class ExecutorFleet {
  readonly all: ServiceProcess[] = [];
  private readonly members: ServiceProcess[] = [];
  /** Exits the suite did not cause (each was replaced). */
  unexpectedExits: { code: number | null; signal: string | null }[] = [];
  private stopping = false;
  private readonly killed = new Set<ServiceProcess>();

  constructor(
    private readonly configFile: string,
    readonly size: number,
    /** `LOG_LEVEL` of the processes (`debug` adds `task started` lines). */
    private readonly logLevel = 'info',
  ) {}

  start(): this {
    for (let i = 0; i < this.size; i++) this.members.push(this.spawn());
    return this;
  }

  get running(): readonly ServiceProcess[] {
    return this.members;
  }

  /** SIGKILLs member `index` (a crash) and starts its replacement, as the orchestrator would. */
  crash(index: number): ServiceProcess {
    const victim = this.members[index % this.members.length] as ServiceProcess;
    this.killed.add(victim);
    victim.kill('SIGKILL');
    return victim;
  }

  /** SIGTERMs member `index` and takes it out of the fleet without a replacement (a scale-down). */
  terminate(index: number): ServiceProcess {
    const [victim] = this.members.splice(index % this.members.length, 1);
    const member = victim as ServiceProcess;
    this.killed.add(member);
    member.kill('SIGTERM');
    return member;
  }

  /** SIGTERMs every member and waits for the exits (no replacement). */
  async stop(): Promise<{ code: number | null; signal: string | null }[]> {
    this.stopping = true;
    const members = this.members.splice(0);
    members.forEach((m) => m.kill('SIGTERM'));
    return Promise.all(members.map((m) => m.exited));
  }

  /** Fails fast when members keep dying on their own (a crash loop), with the last one's stderr. */
  assertHealthy(maxUnexpectedExits = 5): void {
    if (this.unexpectedExits.length > maxUnexpectedExits) {
      const last = this.all.filter((p) => !this.killed.has(p)).at(-2);
      throw new Error(
        `executors keep exiting (${JSON.stringify(this.unexpectedExits.slice(-3))}); last stderr: ${last?.stderr.join('').slice(-1500)}; ` +
          `last lines: ${JSON.stringify(last?.lines.slice(-5))}`,
      );
    }
  }

  /** Last resort in afterAll. */
  killAll(): void {
    this.stopping = true;
    for (const p of this.all) p.kill('SIGKILL');
  }

  lines(): Record<string, unknown>[] {
    return this.all.flatMap((p) => p.lines);
  }

  capture(logs: LogCapture, prefix = 'executor'): void {
    this.all.forEach((p, i) => logs.addProcess(`${prefix}-${i + 1}`, p));
  }

  private spawn(): ServiceProcess {
    const child = new ServiceProcess({
      mainFile: EXECUTOR_MAIN,
      env: { LATIGO_EXECUTOR_CONFIG_FILE: this.configFile, LOG_LEVEL: this.logLevel },
    });
    this.all.push(child);
    void child.exited.then((exit) => {
      if (this.stopping) return;
      if (!this.killed.has(child)) this.unexpectedExits.push(exit);
      const at = this.members.indexOf(child);
      if (at >= 0) this.members[at] = this.spawn();
    });
    return child;
  }
}
