import { parseFill, parseFunctions, parseInterval, type AggregateRead } from '../aggregates';
import { badRequest } from '../api-error';
import { decodeToken } from '../paging';
import {
  booleanParam,
  checkInteger,
  integerParam,
  listParam,
  parseBoolean,
  statusSet,
  timeParam,
  timeValue,
} from '../query-params';
import type { RawRead } from '../raw-reads';
import type { RouteContext } from './route-context';

/** A raw read from query parameters (GET `/{id}/data`, GET `/query/data`). */
export function rawReadFromQuery(query: URLSearchParams, ctx: RouteContext): RawRead {
  const read: RawRead = {
    includeOutsidePoints: booleanParam(query, 'includeOutsidePoints') ?? false,
    limit: integerParam(query, 'limit', {
      min: 1,
      max: ctx.settings.maxDataLimit,
      fallback: ctx.settings.defaultDataLimit,
    }),
  };
  assignWindow(read, timeParam(query, 'startTime'), timeParam(query, 'endTime'));
  const statuses = statusSet(listParam(query, 'status'), 'status');
  if (statuses) read.statuses = statuses;
  const token = query.get('continuationToken');
  if (token) read.after = decodeToken(token, 'raw').after;
  return read;
}

/** An aggregate read from query parameters (GET `/{id}/data/aggregates`). */
export function aggregateReadFromQuery(query: URLSearchParams, ctx: RouteContext): AggregateRead {
  const token = query.get('continuationToken');
  const read = aggregateRead(
    {
      start: timeParam(query, 'startTime'),
      end: timeParam(query, 'endTime'),
      functions: parseFunctions(listParam(query, 'aggregateFunction'), 'aggregateFunction'),
      interval: parseInterval(query.get('processingInterval') ?? undefined),
      fill: parseFill(query.get('fill') ?? undefined),
      limit: integerParam(query, 'limit', {
        min: 1,
        max: ctx.settings.maxDataLimit,
        fallback: ctx.settings.defaultDataLimit,
      }),
      fromBucket: token ? decodeToken(token, 'agg').bucket : 0,
    },
    ctx,
  );
  const statuses = statusSet(listParam(query, 'status'), 'status');
  if (statuses) read.statuses = statuses;
  return read;
}

/** One item of POST `/query/data` as validated input. */
export type QueryItem =
  | { id: string; raw: RawRead; aggregate?: undefined }
  | { id: string; aggregate: AggregateRead; raw?: undefined };

/** Validates an item of POST `/query/data` (`statusFilter`, `aggregateFunctions`, … as the body names them). */
export function queryItem(input: unknown, index: number, ctx: RouteContext): QueryItem & { token?: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw badRequest(`Item ${index} of the request must be a JSON object.`);
  const item = input as Record<string, unknown>;
  if (typeof item['id'] !== 'string' || item['id'] === '')
    throw badRequest(`The Id field is required (item ${index}).`);
  const id = item['id'];
  const limit =
    item['limit'] === undefined || item['limit'] === null
      ? ctx.settings.defaultDataLimit
      : checkInteger(item['limit'], 'limit', { min: 1, max: ctx.settings.maxDataLimit });
  const statusValues = item['statusFilter'] ?? [];
  if (!Array.isArray(statusValues))
    throw badRequest(`The JSON value of 'statusFilter' must be an array (item ${index}).`);
  const statuses = statusSet(statusValues, 'statusFilter');
  const start = timeValue(item['startTime'], 'startTime');
  const end = timeValue(item['endTime'], 'endTime');
  const token =
    typeof item['continuationToken'] === 'string' && item['continuationToken'] !== ''
      ? item['continuationToken']
      : undefined;
  const functions = item['aggregateFunctions'];
  if (functions !== undefined && functions !== null) {
    if (!Array.isArray(functions))
      throw badRequest(`The JSON value of 'aggregateFunctions' must be an array (item ${index}).`);
    const aggregate = aggregateRead(
      {
        start,
        end,
        functions: parseFunctions(functions, 'aggregateFunctions'),
        interval: parseInterval(item['processingInterval']),
        fill: parseFill(item['fill']),
        limit,
        fromBucket: 0,
      },
      ctx,
    );
    if (statuses) aggregate.statuses = statuses;
    return { id, aggregate, ...(token ? { token } : {}) };
  }
  const raw: RawRead = {
    includeOutsidePoints:
      item['includeOutsidePoints'] === undefined || item['includeOutsidePoints'] === null
        ? false
        : parseBoolean(item['includeOutsidePoints'], 'includeOutsidePoints'),
    limit,
  };
  assignWindow(raw, start, end);
  if (statuses) raw.statuses = statuses;
  return { id, raw, ...(token ? { token } : {}) };
}

function assignWindow(read: RawRead, start: number | undefined, end: number | undefined): void {
  if (start !== undefined && end !== undefined && end < start)
    throw badRequest('endTime must not be earlier than startTime.');
  if (start !== undefined) read.start = start;
  if (end !== undefined) read.end = end;
}

function aggregateRead(
  input: Omit<AggregateRead, 'start' | 'end' | 'stddev' | 'maxBuckets' | 'interval'> & {
    start: number | undefined;
    end: number | undefined;
    interval: number | undefined;
  },
  ctx: RouteContext,
): AggregateRead {
  // Aggregates need a window: with an open end the bucket count would be unbounded.
  if (input.start === undefined) throw badRequest('The startTime field is required for aggregates.');
  if (input.end === undefined) throw badRequest('The endTime field is required for aggregates.');
  const { interval, ...rest } = input;
  return {
    ...rest,
    start: input.start,
    end: input.end,
    ...(interval !== undefined ? { interval } : {}),
    stddev: ctx.settings.stddev,
    maxBuckets: ctx.settings.maxAggregateBuckets,
  };
}
