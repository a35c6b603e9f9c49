import { cacheSectionSchema, duration, loadConfig, taskStatusSectionSchema } from '@latigo/config-loader';
import type * as Redis from 'redis';
import { z } from 'zod';
import { taskStatusLimits } from '../create-task-status';
import { TaskStatusError } from '../errors';
import type { ModelHistory, StatusReport } from '../status-report';
import { RedisTaskStatusStore } from '../store/redis-task-status-store';
import type { StatusReportOptions, TaskStatusReader } from '../task-status-ports';

/** A reader and what to close after it. */
export interface StatusSource {
  readonly reader: TaskStatusReader;
  close(): Promise<void>;
}

// Only what the status needs; the file's other sections are not validated.
const cliConfigSchema = z.object({
  task_status: taskStatusSectionSchema.prefault({}),
  cache: cacheSectionSchema,
  scheduler: z
    .object({ continuous_prediction_interval: duration(), continuous_prediction_delay: duration() })
    .optional()
    .catch(undefined),
});

/**
 * The Redis store of a Latigo config file (`cache` + `task_status`, `${VAR}` interpolated, so
 * CACHE_PASSWORD comes from the environment). Connects once, without retrying.
 * @throws ConfigError, TaskStatusError `TASK_STATUS_UNREACHABLE`
 */
export async function redisSource(file: string, env: NodeJS.ProcessEnv): Promise<StatusSource> {
  const { config } = await loadConfig({ schema: cliConfigSchema, defaultsFile: file, env });
  const { cache } = config;
  if ((config.task_status.type ?? cache.type) !== 'redis') {
    throw new TaskStatusError(
      'TASK_STATUS_UNREACHABLE',
      `${file}: task status is kept in the memory of the scheduler's process; use --url <scheduler> instead`,
    );
  }
  // Loaded here, not on import: apps that import this lib's index need not load node-redis.
  const { createClient } = require('redis') as typeof Redis;
  const client = createClient({
    socket: {
      host: cache.host ?? '',
      port: cache.port,
      ...(cache.tls ? { tls: true as const, servername: cache.host ?? '' } : {}),
      connectTimeout: 5000,
      reconnectStrategy: false,
    },
    ...(cache.password ? { password: cache.password } : {}),
    commandOptions: { timeout: 10_000 },
  });
  client.on('error', () => undefined); // connect() rejects with it
  try {
    await client.connect();
  } catch (error) {
    throw new TaskStatusError(
      'TASK_STATUS_UNREACHABLE',
      `cannot reach Redis at ${cache.host}:${cache.port}${cache.tls ? ' (TLS)' : ''}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  const reader = new RedisTaskStatusStore(client, {
    keyPrefix: `${cache.key_prefix}task-status:`,
    limits: taskStatusLimits(config),
  });
  return { reader, close: async () => void (await client.close()) };
}

/**
 * The scheduler's status endpoints: GET `<url>/status.json?slots=N[&project=P]` (a StatusReport)
 * and `<url>/status/models/<project>/<model>.json` (a ModelHistory).
 */
export class HttpStatusReader implements TaskStatusReader {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  async report(options: StatusReportOptions = {}): Promise<StatusReport> {
    const query = new URLSearchParams({ slots: String(options.slots ?? 6) });
    if (options.project) query.set('project', options.project);
    return this.get<StatusReport>(`/status.json?${query}`, 'slots');
  }

  async modelHistory(project: string, model: string, limit?: number): Promise<ModelHistory> {
    const query = limit === undefined ? '' : `?limit=${limit}`;
    return this.get<ModelHistory>(
      `/status/models/${encodeURIComponent(project)}/${encodeURIComponent(model)}.json${query}`,
      'tasks',
    );
  }

  private async get<T>(path: string, mustHave: string): Promise<T> {
    const url = `${this.base}${path}`;
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        signal: AbortSignal.timeout(15_000),
        headers: { accept: 'application/json' },
      });
    } catch (error) {
      throw new TaskStatusError('TASK_STATUS_UNREACHABLE', `cannot reach ${url}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    const text = await response.text();
    if (!response.ok) {
      throw new TaskStatusError(
        'TASK_STATUS_BAD_RESPONSE',
        `GET ${url}: ${response.status} ${text.slice(0, 300)}`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (typeof body !== 'object' || body === null || !(mustHave in body)) {
      throw new TaskStatusError(
        'TASK_STATUS_BAD_RESPONSE',
        `GET ${url}: not a status document: ${text.slice(0, 300)}`,
      );
    }
    return body as T;
  }
}

function messageOf(error: unknown): string {
  // Duck-typed: errors of fetch and node-redis may come from another realm (tests, bundles).
  const e = error as { message?: unknown; cause?: { message?: unknown } } | null;
  const text = typeof e?.message === 'string' ? e.message : String(error);
  const cause = typeof e?.cause?.message === 'string' && e.cause.message ? ` (${e.cause.message})` : '';
  return `${text}${cause}`;
}
