import type { HTTPMethod } from 'find-my-way';
import type { EmulatorRequest } from '../../http/emulator-server';
import { json, jsonText, type EmulatorResponse } from '../../http/responses';
import { badRequest } from '../api-error';
import type { StoredPoint } from '../point-buffer';
import type { NameMatching } from '../series-filter';
import type { SeriesRecord } from '../series-model';
import type { SeriesStore } from '../series-store';
import { formatDataTime } from '../time-parsing';
import type { ApiVersion, VersionTraits } from '../versions';

/** Limits and choices for the reference's unverified points, resolved from the emulator options. */
export interface TimeseriesSettings {
  /** Reads include a point exactly at `endTime` (default true). */
  readEndInclusive: boolean;
  /** Items allowed in one POST `/query/data` (100). */
  maxQueryItems: number;
  /** Largest raw `limit` (100,000) and its default (1000). */
  maxDataLimit: number;
  defaultDataLimit: number;
  /** Default page size of series lists. */
  defaultListLimit: number;
  /** Aggregate buckets allowed per request (the wiki's advisory 10,000). */
  maxAggregateBuckets: number;
  stddev: 'sample' | 'population';
  /** Status of a successful create (200). */
  createdStatus: number;
  /** Write limits; undefined = unlimited (no source documents any). */
  maxDatapointsPerWrite: number | undefined;
  maxItemsPerWrite: number | undefined;
  nameMatching: NameMatching;
}

/** What a route handler sees besides the request. */
export interface RouteContext {
  store: SeriesStore;
  version: ApiVersion;
  traits: VersionTraits;
  settings: TimeseriesSettings;
}

export type TimeseriesHandler = (
  request: EmulatorRequest,
  context: RouteContext,
) => EmulatorResponse | Promise<EmulatorResponse>;

/** A route relative to the version base (`/plant/timeseries/v1.6`); '' is the base itself. */
export interface TimeseriesRoute {
  method: HTTPMethod;
  path: string;
  /** Whether the version has the route (all versions when absent). */
  available?: (traits: VersionTraits) => boolean;
  handler: TimeseriesHandler;
}

/** The `:id` of a route (find-my-way always sets the parameters of the matched template). */
export function idParam(request: EmulatorRequest): string {
  return request.params['id'] ?? '';
}

/** `{data: {items}, continuationToken, count}`, the envelope of every read. */
export function envelope(
  items: unknown[],
  continuationToken: string | null = null,
  count?: number,
): EmulatorResponse {
  if (!items.some((item) => item instanceof RawJson))
    return json(200, { data: { items }, continuationToken, ...(count !== undefined ? { count } : {}) });
  // Items serialised already are spliced in as they are; the rest as JSON.stringify writes them.
  const list = items.map((item) => (item instanceof RawJson ? item.json : (JSON.stringify(item) ?? 'null')));
  const tail = JSON.stringify({ continuationToken, ...(count !== undefined ? { count } : {}) });
  return jsonText(200, `{"data":{"items":[${list.join(',')}]},${tail.slice(1)}`);
}

/** A success MessageModel, e.g. after a write. */
export function message(status: number, text: string): EmulatorResponse {
  return json(status, { statusCode: status, message: text });
}

/** The JSON body; clients may send any Content-Type, so the header is not consulted. */
export async function readJson(request: EmulatorRequest): Promise<unknown> {
  const text = (await request.body()).toString('utf8');
  if (text.trim() === '') throw badRequest('A non-empty request body is required.');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** A datapoint read item: `{id, datapoints}`, plus `name` and `unit` where the version has them. */
export function dataItem(
  record: SeriesRecord,
  points: StoredPoint[],
  context: RouteContext,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: record.id,
    ...(context.traits.nameAndUnitInData ? { name: record.name, unit: record.unit } : {}),
    ...extra,
    datapoints: points.map((p) => ({ time: formatDataTime(p.t), value: p.value, status: p.status })),
  };
}

/**
 * `JSON.stringify(dataItem(...))`, written directly: reads answer thousands of datapoints, and
 * building an object per point only to serialise it cost more than the rest of the read.
 */
export function dataItemJson(
  record: SeriesRecord,
  points: StoredPoint[],
  context: RouteContext,
  extra: Record<string, unknown> = {},
): RawJson {
  // `datapoints` is the last key (unless `extra` names it), so the head ends with `"datapoints":[]}`: the points go between the brackets.
  if ('datapoints' in extra) return new RawJson(JSON.stringify(dataItem(record, points, context, extra)));
  let out = JSON.stringify(dataItem(record, [], context, extra)).slice(0, -2);
  for (let i = 0; i < points.length; i++) out += (i > 0 ? ',' : '') + datapointJson(points[i] as StoredPoint);
  return new RawJson(`${out}]}`);
}

function datapointJson(p: StoredPoint): string {
  // JSON.stringify writes a finite number as String(n); anything else takes the general path.
  if (!Number.isFinite(p.value) || !Number.isFinite(p.status))
    return JSON.stringify({ time: formatDataTime(p.t), value: p.value, status: p.status });
  return `{"time":"${formatDataTime(p.t)}","value":${String(p.value)},"status":${String(p.status)}}`;
}

/** A value already serialised as JSON, for {@link envelope}. */
export class RawJson {
  constructor(readonly json: string) {}
}
