import type { EmulatorRequest } from '../../http/emulator-server';
import { readAggregates } from '../aggregates';
import { badRequest, notFound } from '../api-error';
import { decodeToken, encodeToken, type PageToken } from '../paging';
import { listParam, statusSet, timeParam, timeValue } from '../query-params';
import { edgePoint, readRaw } from '../raw-reads';
import type { SeriesRecord } from '../series-model';
import { formatDataTime } from '../time-parsing';
import { queryItem, aggregateReadFromQuery, rawReadFromQuery } from './read-params';
import {
  idParam,
  dataItemJson,
  envelope,
  readJson,
  type RouteContext,
  type TimeseriesRoute,
} from './route-context';

type Cursor = { after?: number; bucket?: number };

/** Datapoint reads: raw with paging, first/latest, aggregates, and the multi-series queries. */
export const readRoutes: TimeseriesRoute[] = [
  {
    method: 'GET',
    path: '/:id/data',
    handler: (req, ctx) => {
      const record = ctx.store.require(idParam(req));
      const page = readRaw(
        ctx.store,
        record.id,
        rawReadFromQuery(req.url.searchParams, ctx),
        ctx.settings.readEndInclusive,
      );
      return envelope(
        [dataItemJson(record, page.points, ctx)],
        page.after === undefined ? null : encodeToken({ k: 'raw', after: page.after }),
      );
    },
  },
  { method: 'GET', path: '/:id/data/first', handler: (req, ctx) => edgeFromQuery(req, ctx, false) },
  { method: 'GET', path: '/:id/data/latest', handler: (req, ctx) => edgeFromQuery(req, ctx, true) },
  {
    method: 'GET',
    path: '/:id/data/aggregates',
    handler: (req, ctx) => {
      const record = ctx.store.require(idParam(req));
      const page = readAggregates(
        ctx.store,
        record.id,
        aggregateReadFromQuery(req.url.searchParams, ctx),
        formatDataTime,
      );
      const token = page.nextBucket === undefined ? null : encodeToken({ k: 'agg', bucket: page.nextBucket });
      return envelope([{ id: record.id, datapoints: page.datapoints }], token);
    },
  },
  {
    method: 'GET',
    path: '/query/data',
    available: (t) => t.v17Routes,
    handler: (req, ctx) => {
      const query = req.url.searchParams;
      const [name, facility] = [query.get('name'), query.get('facility')];
      if (!name) throw badRequest('The name field is required.');
      if (!facility) throw badRequest('The facility field is required.');
      const record = ctx.store.findByName(name, facility)[0];
      if (!record) throw notFound(`Timeseries '${name}' from '${facility}' was not found.`);
      const page = readRaw(ctx.store, record.id, rawReadFromQuery(query, ctx), ctx.settings.readEndInclusive);
      const item = dataItemJson(record, page.points, ctx, { facility: record.facility, name: record.name });
      return envelope([item], page.after === undefined ? null : encodeToken({ k: 'raw', after: page.after }));
    },
  },
  { method: 'POST', path: '/query/data', handler: queryData },
  { method: 'POST', path: '/query/data/first', handler: (req, ctx) => queryEdge(req, ctx, false) },
  { method: 'POST', path: '/query/data/latest', handler: (req, ctx) => queryEdge(req, ctx, true) },
];

function edgeFromQuery(req: EmulatorRequest, ctx: RouteContext, latest: boolean) {
  const record = ctx.store.require(idParam(req));
  const query = req.url.searchParams;
  const points = edge(
    ctx,
    record,
    timeParam(query, 'afterTime'),
    timeParam(query, 'beforeTime'),
    statusSet(listParam(query, 'status'), 'status'),
    latest,
  );
  return envelope([dataItemJson(record, points, ctx)]);
}

/** `afterTime ≤ t ≤ beforeTime`, both optional. */
function edge(
  ctx: RouteContext,
  record: SeriesRecord,
  after: number | undefined,
  before: number | undefined,
  statuses: Set<number> | undefined,
  latest: boolean,
) {
  return edgePoint(
    ctx.store,
    record.id,
    { from: after ?? -Infinity, to: before === undefined ? Infinity : before + 1 },
    statuses,
    latest,
  );
}

async function arrayBody(req: EmulatorRequest, ctx: RouteContext): Promise<unknown[]> {
  const body = await readJson(req);
  if (!Array.isArray(body)) throw badRequest('The request body must be a JSON array of query items.');
  if (body.length > ctx.settings.maxQueryItems) {
    throw badRequest(
      `The request contains ${body.length} items; at most ${ctx.settings.maxQueryItems} are allowed.`,
    );
  }
  return body;
}

/**
 * POST `/query/data`: each item has its own window, filter, limit and raw-or-aggregate mode.
 * Paging: the response token holds a cursor per unfinished item (by position); with it, finished
 * items come back empty. An item may also carry its own token (from a single-series read).
 */
async function queryData(req: EmulatorRequest, ctx: RouteContext) {
  const items = (await arrayBody(req, ctx)).map((input, index) => queryItem(input, index, ctx));

  const queryToken = req.url.searchParams.get('continuationToken');
  const resumed = queryToken ? decodeToken(queryToken, 'multi').items : undefined;
  const next: Record<string, Cursor> = {};
  // Every id must exist: one unknown id fails the whole query with 404.
  items.forEach((item) => ctx.store.require(item.id));
  const out = items.map((item, index) => {
    const record = ctx.store.require(item.id);
    const cursor = item.token
      ? cursorOf(decodeToken(item.token, 'raw', 'agg', 'multi'), index)
      : resumed
        ? resumed[String(index)]
        : {};
    if (cursor === undefined) return dataItemJson(record, [], ctx);
    if (item.raw) {
      const page = readRaw(
        ctx.store,
        record.id,
        { ...item.raw, ...(cursor.after !== undefined ? { after: cursor.after } : {}) },
        ctx.settings.readEndInclusive,
      );
      if (page.after !== undefined) next[String(index)] = { after: page.after };
      return dataItemJson(record, page.points, ctx);
    }
    const page = readAggregates(
      ctx.store,
      record.id,
      { ...item.aggregate, fromBucket: cursor.bucket ?? 0 },
      formatDataTime,
    );
    if (page.nextBucket !== undefined) next[String(index)] = { bucket: page.nextBucket };
    return { id: record.id, datapoints: page.datapoints };
  });
  return envelope(out, Object.keys(next).length > 0 ? encodeToken({ k: 'multi', items: next }) : null);
}

function cursorOf(token: PageToken, index: number): Cursor | undefined {
  if (token.k === 'raw') return { after: token.after };
  if (token.k === 'agg') return { bucket: token.bucket };
  if (token.k === 'multi') return token.items[String(index)];
  return {};
}

/** POST `/query/data/first|latest`: one item per requested id, with at most one point. */
async function queryEdge(req: EmulatorRequest, ctx: RouteContext, latest: boolean) {
  const body = await arrayBody(req, ctx);
  const out = body.map((input, index) => {
    if (typeof input !== 'object' || input === null || typeof (input as { id?: unknown }).id !== 'string')
      throw badRequest(`The Id field is required (item ${index}).`);
    const item = input as Record<string, unknown>;
    const record = ctx.store.require(item['id'] as string);
    const statusValues = Array.isArray(item['statusFilter']) ? (item['statusFilter'] as unknown[]) : [];
    const points = edge(
      ctx,
      record,
      timeValue(item['startTime'], 'startTime'),
      timeValue(item['endTime'], 'endTime'),
      statusSet(statusValues, 'statusFilter'),
      latest,
    );
    return dataItemJson(record, points, ctx);
  });
  return envelope(out);
}
