import type { HealthServer, Logger, RouteRequest, RouteResponse } from '@latigo/observability';
import { noopLogger } from '@latigo/observability';
import type { TaskStatusReader } from '@latigo/task-status';
import { escapeHtml } from './format';
import { renderStatusPage } from './render-status-page';
import { MODEL_HISTORY_PATTERN, STATUS_JSON_PATH, STATUS_PAGE_PATH, type StatusScope } from './status-links';

export type StatusRouteErrorCode =
  /** A query or path parameter is malformed or out of range (400). */
  | 'STATUS_BAD_PARAMETER'
  /** No task of that model is recorded (404). */
  | 'STATUS_MODEL_UNKNOWN'
  /** The task status store did not answer (503). */
  | 'STATUS_UNAVAILABLE';

const HTTP_STATUS: Record<StatusRouteErrorCode, number> = {
  STATUS_BAD_PARAMETER: 400,
  STATUS_MODEL_UNKNOWN: 404,
  STATUS_UNAVAILABLE: 503,
};

/** Why a status route did not answer with data; the message is what the caller sees. */
export class StatusRouteError extends Error {
  constructor(
    readonly code: StatusRouteErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StatusRouteError';
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export const STATUS_LIMITS = {
  slots: { min: 1, max: 96, default: 6 },
  history: { min: 1, max: 500, default: 50 },
} as const;

// Gordo project and model names are DNS labels; a bit wider so odd names still get an answer.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface StatusRouteOptions {
  logger?: Logger;
  /** The page's `<meta http-equiv="refresh">` in seconds; 0 for none. Default 30. */
  refreshSeconds?: number;
  /** The clock of the reports, for tests. */
  now?: () => Date;
}

/**
 * Adds the status routes to the scheduler's HTTP port: `/status` (the page), `/status.json`
 * (the same report) and `/status/models/<project>/<model>.json` (a model's recent tasks).
 * Read-only; a reader that fails answers 503 and is logged.
 */
export function registerStatusRoutes(
  health: HealthServer,
  reader: TaskStatusReader,
  options: StatusRouteOptions = {},
): void {
  const handlers = statusRouteHandlers(reader, options);
  health.route(STATUS_PAGE_PATH, handlers.page);
  health.route(STATUS_JSON_PATH, handlers.json);
  health.route(MODEL_HISTORY_PATTERN, handlers.modelHistory);
}

export interface StatusRouteHandlers {
  page(request: RouteRequest): Promise<RouteResponse>;
  json(request: RouteRequest): Promise<RouteResponse>;
  modelHistory(request: RouteRequest): Promise<RouteResponse>;
}

/** The handlers alone, for tests and for servers other than the health server. */
export function statusRouteHandlers(
  reader: TaskStatusReader,
  options: StatusRouteOptions = {},
): StatusRouteHandlers {
  const logger = options.logger ?? noopLogger;
  const refreshSeconds = options.refreshSeconds ?? 30;
  const now = options.now ?? (() => new Date());
  const read = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      logger.warn('task status could not be read', { what, error });
      const message = error instanceof Error ? error.message : String(error);
      throw new StatusRouteError('STATUS_UNAVAILABLE', `task status unavailable: ${message}`, {
        cause: error,
      });
    }
  };
  return {
    page: async (request) => {
      try {
        const scope = scopeOf(request.query);
        const report = await read('report', () => reader.report({ ...scope, now: now() }));
        return html(200, renderStatusPage(report, { ...scope, refreshSeconds }));
      } catch (error) {
        const e = routeError(error);
        return html(e.httpStatus, errorPage(e));
      }
    },
    json: async (request) =>
      answerJson(async () => {
        const scope = scopeOf(request.query);
        return read('report', () => reader.report({ ...scope, now: now() }));
      }),
    modelHistory: async (request) =>
      answerJson(async () => {
        const project = nameParam('project', request.params['project']);
        const model = nameParam('model', request.params['model']);
        const limit = wholeNumber(request.query, 'limit', STATUS_LIMITS.history);
        const history = await read('model history', () => reader.modelHistory(project, model, limit));
        if (history.tasks.length === 0)
          throw new StatusRouteError(
            'STATUS_MODEL_UNKNOWN',
            `no task of model ${project}/${model} is recorded`,
          );
        return history;
      }),
  };
}

/** `?slots=N&project=P` checked: N whole and in range, P a project name. */
export function scopeOf(query: URLSearchParams): StatusScope {
  const slots = wholeNumber(query, 'slots', STATUS_LIMITS.slots);
  const project = query.get('project');
  if (project === null || project === '') return { slots };
  return { slots, project: nameParam('project', project) };
}

function wholeNumber(
  query: URLSearchParams,
  key: string,
  limits: { min: number; max: number; default: number },
): number {
  const raw = query.get(key);
  if (raw === null || raw === '') return limits.default;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < limits.min || value > limits.max)
    throw new StatusRouteError(
      'STATUS_BAD_PARAMETER',
      `${key} must be a whole number from ${limits.min} to ${limits.max}, got "${raw.slice(0, 40)}"`,
    );
  return value;
}

function nameParam(key: string, value: string | undefined): string {
  if (value === undefined || !NAME.test(value))
    throw new StatusRouteError(
      'STATUS_BAD_PARAMETER',
      `${key} must be a name of letters, digits, ".", "_" or "-" (at most 128), got "${(value ?? '').slice(0, 40)}"`,
    );
  return value;
}

function routeError(error: unknown): StatusRouteError {
  if (error instanceof StatusRouteError) return error;
  // A bug in this module, not a problem of the request: let the server answer 500.
  throw error;
}

async function answerJson(produce: () => Promise<unknown>): Promise<RouteResponse> {
  try {
    return json(200, await produce());
  } catch (error) {
    const e = routeError(error);
    return json(e.httpStatus, { error: e.message, code: e.code });
  }
}

const NO_STORE = { 'cache-control': 'no-store' };

function json(status: number, body: unknown): RouteResponse {
  return {
    status,
    contentType: 'application/json; charset=utf-8',
    body: `${JSON.stringify(body, null, 2)}\n`,
    headers: NO_STORE,
  };
}

function html(status: number, body: string): RouteResponse {
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    body,
    // The page needs nothing from anywhere: say so, so a browser enforces it.
    headers: { ...NO_STORE, 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" },
  };
}

function errorPage(error: StatusRouteError): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Latigo status: ${error.httpStatus}</title></head>
<body style="font:14px system-ui,sans-serif;margin:24px"><h1 style="font-size:20px">Latigo status</h1>
<p>${escapeHtml(error.message)}</p><p><a href="/status">/status</a></p></body></html>
`;
}
