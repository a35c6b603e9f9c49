import type { EmulatorRequest } from '../../http/emulator-server';
import { json } from '../../http/responses';
import { badRequest } from '../api-error';
import { decodeToken, encodeToken } from '../paging';
import { integerParam } from '../query-params';
import { exactFilter, FILTER_FIELDS, sameText, wildcardFilter, type SeriesFilter } from '../series-filter';
import { parseSeriesBody, seriesToWire, type SeriesRecord } from '../series-model';
import {
  idParam,
  envelope,
  message,
  readJson,
  type RouteContext,
  type TimeseriesRoute,
} from './route-context';

const LIST_FIELDS = ['name', 'externalId', 'source', 'assetId', 'facility'] as const;

/** Series metadata: list, search, CRUD and get-or-add. */
export const seriesRoutes: TimeseriesRoute[] = [
  {
    method: 'GET',
    path: '',
    handler: exactList,
  },
  {
    method: 'GET',
    path: '/',
    handler: exactList,
  },
  {
    method: 'GET',
    path: '/search',
    handler: (req, ctx) => list(req, ctx, wildcardFilter(filterFrom(req.url.searchParams, FILTER_FIELDS))),
  },
  {
    method: 'GET',
    path: '/search/*',
    // The path segment is a name pattern and may itself contain '/' (e.g. `ASGB.17IIC1030/*/PRIM`).
    handler: (req, ctx) =>
      list(
        req,
        ctx,
        wildcardFilter({ ...filterFrom(req.url.searchParams, FILTER_FIELDS), name: req.params['*'] ?? '*' }),
      ),
  },
  {
    method: 'GET',
    path: '/:id',
    handler: (req, ctx) => envelope([seriesToWire(ctx.store.require(idParam(req)), ctx.version)]),
  },
  { method: 'POST', path: '', handler: create },
  { method: 'POST', path: '/', handler: create },
  {
    method: 'PATCH',
    path: '/:id',
    handler: async (req, ctx) => {
      const fields = parseSeriesBody(await readJson(req), 'patch', ctx.traits);
      return envelope([
        seriesToWire(ctx.store.update(idParam(req), fields, 'patch', ctx.traits), ctx.version),
      ]);
    },
  },
  {
    method: 'PUT',
    path: '/:id',
    handler: async (req, ctx) => {
      const fields = parseSeriesBody(await readJson(req), 'replace', ctx.traits);
      return envelope([
        seriesToWire(ctx.store.update(idParam(req), fields, 'replace', ctx.traits), ctx.version),
      ]);
    },
  },
  {
    method: 'DELETE',
    path: '/:id',
    handler: (req, ctx) => {
      ctx.store.delete(idParam(req));
      return message(200, `Successfully deleted timeseries ${req.params['id']}`);
    },
  },
  { method: 'POST', path: '/getoradd', available: (t) => t.getOrAdd, handler: getOrAdd },
  {
    method: 'GET',
    path: '/facets/facility',
    available: (t) => t.v17Routes,
    handler: (req, ctx) => facets(ctx, 'facility', 'source', req.url.searchParams.get('source')),
  },
  {
    method: 'GET',
    path: '/facets/source',
    available: (t) => t.v17Routes,
    handler: (req, ctx) => facets(ctx, 'source', 'facility', req.url.searchParams.get('facility')),
  },
];

/** GET `/` with exact field filters; a name narrows it to that name's series before filtering. */
function exactList(req: EmulatorRequest, ctx: RouteContext) {
  const filter = filterFrom(req.url.searchParams, LIST_FIELDS);
  const candidates = filter.name === undefined ? ctx.store.all() : ctx.store.withName(filter.name);
  return list(req, ctx, exactFilter(filter, ctx.settings.nameMatching), candidates);
}

function filterFrom(query: URLSearchParams, fields: readonly string[]): SeriesFilter {
  return Object.fromEntries(
    fields.flatMap((f) => {
      const value = query.get(f);
      return value === null ? [] : [[f, value]];
    }),
  ) as SeriesFilter;
}

/** One page of matching series, in creation order; `skip` (v1.5) and tokens both offset it. */
function list(
  req: EmulatorRequest,
  ctx: RouteContext,
  matches: (r: SeriesRecord) => boolean,
  candidates: readonly SeriesRecord[] = ctx.store.all(),
) {
  const query = req.url.searchParams;
  const limit = integerParam(query, 'limit', {
    min: 1,
    max: ctx.traits.maxListLimit,
    fallback: Math.min(ctx.settings.defaultListLimit, ctx.traits.maxListLimit),
  });
  const token = query.get('continuationToken');
  const offset = token
    ? decodeToken(token, 'list').offset
    : integerParam(query, 'skip', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
  const found = candidates.filter(matches);
  const page = found.slice(offset, offset + limit);
  const next = offset + limit < found.length ? encodeToken({ k: 'list', offset: offset + limit }) : null;
  return envelope(
    page.map((r) => seriesToWire(r, ctx.version)),
    next,
    found.length,
  );
}

async function create(req: EmulatorRequest, ctx: RouteContext) {
  const fields = parseSeriesBody(await readJson(req), 'create', ctx.traits);
  const record = ctx.store.create(fields, ctx.traits);
  return json(ctx.settings.createdStatus, { data: { items: [seriesToWire(record, ctx.version)] } });
}

/** Returns the series with each (name, facility), creating the missing ones; items in request order. */
async function getOrAdd(req: EmulatorRequest, ctx: RouteContext) {
  const body = await readJson(req);
  if (!Array.isArray(body)) throw badRequest('The request body must be a JSON array of timeseries.');
  const bodies = body.map((item) => parseSeriesBody(item, 'create', ctx.traits));
  const records = bodies.map(
    (fields) =>
      ctx.store
        .findByName(fields.name ?? '')
        .find((r) => sameText(r.facility, fields.facility ?? null, ctx.settings.nameMatching)) ??
      ctx.store.create(fields, ctx.traits),
  );
  return envelope(records.map((r) => seriesToWire(r, ctx.version)));
}

/** Counts of series per facility or source, optionally within one value of the other field. */
function facets(
  ctx: RouteContext,
  field: 'facility' | 'source',
  other: 'facility' | 'source',
  within: string | null,
) {
  const counts = new Map<string, number>();
  for (const record of ctx.store.all()) {
    const value = record[field];
    if (value === null || (within !== null && record[other] !== within)) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const items = [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, count]) => ({ [field]: value, count }));
  return envelope(items);
}
