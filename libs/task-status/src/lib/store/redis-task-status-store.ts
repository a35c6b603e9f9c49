import { createHash } from 'node:crypto';
import type { ModelHistory, StatusReport, TaskState, TaskStatus } from '../status-report';
import type { StatusReportOptions, TaskStatusReader } from '../task-status-ports';
import { buildReport, type ProjectSnapshot, type SlotSnapshot } from './build-report';
import { HISTORY_SCRIPT, REPORT_SCRIPT, WRITE_SCRIPT } from './redis-scripts';
import {
  canonicalStatus,
  DEFAULT_LIMITS,
  isStorable,
  slotOf,
  type TaskStatusLimits,
  type TaskStatusWrite,
  type TaskStatusWriter,
} from './status-store';

/** The two scripting commands the store needs; node-redis 5/6 clients satisfy it. */
export interface RedisScripting {
  scriptLoad(script: string): Promise<string>;
  evalSha(sha1: string, options: { keys?: string[]; arguments?: string[] }): Promise<unknown>;
}

export interface RedisTaskStatusStoreOptions {
  /** Prefix of every key, e.g. `latigo:task-status:`. */
  readonly keyPrefix: string;
  readonly limits?: Partial<TaskStatusLimits>;
  /** The clock (epoch ms), for tests. */
  readonly now?: () => number;
}

/** A task's latest state as stored in its slot's hash (project, model and slot are in the key). */
interface StoredRecord {
  i: string;
  f: number;
  s: TaskState;
  a: number;
  n: number;
  d?: number;
  c?: string;
  r?: string;
}

/**
 * Task status shared by the scheduler and every executor through Redis (data model in
 * redis-scripts.ts). A batch is one EVALSHA: atomic, and the latest state of each task is merged
 * inside Redis, so concurrent writers and duplicate or late events cannot regress it.
 */
export class RedisTaskStatusStore implements TaskStatusReader, TaskStatusWriter {
  private readonly limits: TaskStatusLimits;
  private readonly now: () => number;

  constructor(
    private readonly redis: RedisScripting,
    private readonly options: RedisTaskStatusStoreOptions,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
  }

  async write(batch: readonly TaskStatusWrite[]): Promise<void> {
    const items = batch.flatMap((item): object[] => {
      if (item.kind === 'expectation') {
        const slotMs = Date.parse(item.expectation.slot);
        if (!Number.isFinite(slotMs)) return [];
        return [
          { t: 'x', sk: String(slotMs), p: item.expectation.project, models: [...item.expectation.models] },
        ];
      }
      if (!isStorable(item.event)) return [];
      const e = canonicalStatus(item.event);
      const record: StoredRecord = {
        i: e.taskId,
        f: Date.parse(e.from),
        s: e.state,
        a: Date.parse(e.at),
        n: e.attempt,
        ...(e.durationMs !== undefined ? { d: e.durationMs } : {}),
        ...(e.code !== undefined ? { c: e.code } : {}),
        ...(e.reason !== undefined ? { r: e.reason } : {}),
      };
      return [
        {
          t: 'e',
          sk: String(slotOf(e)),
          p: e.project,
          m: e.model,
          s: e.state,
          a: record.a,
          n: e.attempt,
          rec: JSON.stringify(record),
        },
      ];
    });
    if (items.length === 0) return;
    const { retentionMs, maxSlots, maxTasksPerModel } = this.limits;
    await this.run(WRITE_SCRIPT, [
      this.options.keyPrefix,
      String(this.now()),
      String(retentionMs),
      String(Math.max(1, Math.ceil(retentionMs / 1000))),
      String(maxSlots),
      String(maxTasksPerModel),
      // cjson turns an empty Lua table into {}: a batch is never empty here, and models may be.
      JSON.stringify(items),
    ]);
  }

  async report(options: StatusReportOptions = {}): Promise<StatusReport> {
    const now = options.now?.getTime() ?? this.now();
    const oldest = now - this.limits.retentionMs;
    const reply = (await this.run(REPORT_SCRIPT, [
      this.options.keyPrefix,
      String(Math.max(1, options.slots ?? 6)),
      options.project ?? '',
      String(oldest),
    ])) as [[string, [string, string[], string[]][]][], string[]];
    const [slotsReply, freshnessReply] = reply;
    const slots: SlotSnapshot[] = slotsReply.map(([sk, projects]) => {
      const slotMs = Number(sk);
      return {
        slotMs,
        projects: projects.map(([project, expected, flat]): ProjectSnapshot => ({
          project,
          expected: [...expected].sort(),
          tasks: pairs(flat).flatMap(([model, json]) => decode(json, project, model, slotMs)),
        })),
      };
    });
    const lastSucceededTo = new Map(pairs(freshnessReply).map(([key, ms]) => [key, Number(ms)] as const));
    return buildReport(
      { slots, lastSucceededTo },
      { now, retentionMs: this.limits.retentionMs, freshnessLimitMs: this.limits.freshnessLimitMs },
    );
  }

  async modelHistory(project: string, model: string, limit = 20): Promise<ModelHistory> {
    const reply = (await this.run(HISTORY_SCRIPT, [
      this.options.keyPrefix,
      project,
      model,
      String(Math.max(1, limit)),
      String(this.now() - this.limits.retentionMs),
    ])) as string[];
    const tasks = pairs(reply).flatMap(([sk, json]) => decode(json, project, model, Number(sk)));
    return { project, model, tasks };
  }

  /** EVALSHA, loading the script once when Redis does not know it (first use, or after a restart). */
  private async run(script: string, args: string[]): Promise<unknown> {
    const sha = sha1Of(script);
    try {
      return await this.redis.evalSha(sha, { keys: [], arguments: args });
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      await this.redis.scriptLoad(script);
      return this.redis.evalSha(sha, { keys: [], arguments: args });
    }
  }
}

const shas = new Map<string, string>();
function sha1Of(script: string): string {
  let sha = shas.get(script);
  if (!sha) shas.set(script, (sha = createHash('sha1').update(script).digest('hex')));
  return sha;
}

function pairs(flat: readonly string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) result.push([flat[i] as string, flat[i + 1] as string]);
  return result;
}

/** A stored record back into a TaskStatus; one that does not parse is left out (never fails a report). */
function decode(json: string, project: string, model: string, slotMs: number): TaskStatus[] {
  let r: StoredRecord;
  try {
    r = JSON.parse(json) as StoredRecord;
  } catch {
    return [];
  }
  return [
    {
      taskId: r.i,
      project,
      model,
      from: new Date(r.f).toISOString(),
      to: new Date(slotMs).toISOString(),
      state: r.s,
      at: new Date(r.a).toISOString(),
      attempt: r.n,
      ...(r.d !== undefined ? { durationMs: r.d } : {}),
      ...(r.c !== undefined ? { code: r.c } : {}),
      ...(r.r !== undefined ? { reason: r.r } : {}),
    },
  ];
}
