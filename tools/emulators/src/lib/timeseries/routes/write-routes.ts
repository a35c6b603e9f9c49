import type { EmulatorRequest } from '../../http/emulator-server';
import { ApiError, badRequest } from '../api-error';
import type { StoredPoint } from '../point-buffer';
import { booleanParam, timeParam } from '../query-params';
import { parseTime } from '../time-parsing';
import { idParam, message, readJson, type RouteContext, type TimeseriesRoute } from './route-context';

/** Datapoint writes (upserts by time) and deletes. */
export const writeRoutes: TimeseriesRoute[] = [
  {
    method: 'POST',
    path: '/:id/data',
    handler: async (req, ctx) => {
      const record = ctx.store.require(idParam(req));
      const body = await readJson(req);
      const points = datapoints(body, 'datapoints', ctx);
      ctx.store.write(record.id, points);
      return written(req, ctx, `Successfully wrote ${points.length} datapoints to timeseries ${record.id}`);
    },
  },
  {
    method: 'POST',
    path: '/data',
    handler: async (req, ctx) => {
      const body = await readJson(req);
      const items = (body as { items?: unknown } | null)?.items;
      if (!Array.isArray(items)) throw badRequest(`The JSON value of 'items' must be an array.`);
      const max = ctx.settings.maxItemsPerWrite;
      if (max !== undefined && items.length > max)
        throw badRequest(`The request contains ${items.length} items; at most ${max} are allowed.`);
      // Everything is validated before anything is stored, so a refused request changes nothing.
      const batches = items.map((item, index) => {
        const id = (item as { id?: unknown } | null)?.id;
        if (typeof id !== 'string' || id === '')
          throw badRequest(`The Id field is required (item ${index}).`);
        return { id: ctx.store.require(id).id, points: datapoints(item, `items[${index}].datapoints`, ctx) };
      });
      batches.forEach((b) => ctx.store.write(b.id, b.points));
      return written(req, ctx, `Successfully wrote datapoints to ${batches.length} timeseries`);
    },
  },
  {
    method: 'DELETE',
    path: '/:id/data',
    handler: (req, ctx) => {
      const record = ctx.store.require(idParam(req));
      const [from, to] = [
        timeParam(req.url.searchParams, 'startTime'),
        timeParam(req.url.searchParams, 'endTime'),
      ];
      // Observed on the 2020 beta: a delete without a window failed inside the service.
      if (from === undefined || to === undefined)
        throw new ApiError(500, 'Unable to query timeseries database.');
      ctx.store.deleteData(record.id, { from, to });
      return message(200, `Successfully deleted datapoints from timeseries ${record.id}`);
    },
  },
];

/** 200 when committed, 202 when queued (`async=true`, or no `async` where the version queues by default). */
function written(req: EmulatorRequest, ctx: RouteContext, text: string) {
  const queued = booleanParam(req.url.searchParams, 'async') ?? ctx.traits.asyncByDefault;
  return queued
    ? message(202, `Accepted: ${text.charAt(0).toLowerCase()}${text.slice(1)}`)
    : message(200, text);
}

/**
 * The `datapoints` array of a write body. `value` and `status` may be numeric strings (Latigo
 * sends `"status": "0"`); a missing status reads as 0, as an unset int does in a .NET DTO.
 */
function datapoints(container: unknown, name: string, ctx: RouteContext): StoredPoint[] {
  const list = (container as { datapoints?: unknown } | null)?.datapoints;
  if (!Array.isArray(list)) throw badRequest(`The JSON value of '${name}' must be an array.`);
  const max = ctx.settings.maxDatapointsPerWrite;
  if (max !== undefined && list.length > max)
    throw badRequest(`'${name}' holds ${list.length} datapoints; at most ${max} are allowed per request.`);
  return list.map((input, i) => {
    const point = (input ?? {}) as Record<string, unknown>;
    const t = typeof point['time'] === 'string' ? parseTime(point['time']) : undefined;
    if (t === undefined)
      throw badRequest(`The value '${String(point['time'])}' is not valid for ${name}[${i}].time.`);
    return {
      t,
      value: number(point['value'], `${name}[${i}].value`, false),
      status:
        point['status'] === undefined || point['status'] === null
          ? 0
          : number(point['status'], `${name}[${i}].status`, true),
    };
  });
}

function number(raw: unknown, name: string, integer: boolean): number {
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)))
    throw badRequest(`The value '${String(raw)}' is not valid for ${name}.`);
  return value;
}
