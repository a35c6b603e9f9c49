import { badRequest } from './api-error';
import { formatMetaTime } from './time-parsing';
import type { ApiVersion, VersionTraits } from './versions';

/** A stored timeseries (metadata only; datapoints live in the store). */
export interface SeriesRecord {
  id: string;
  name: string;
  description: string | null;
  step: boolean;
  unit: string | null;
  standardUnit: string | null;
  assetId: string | null;
  facility: string | null;
  externalId: string | null;
  source: string | null;
  metadata: Record<string, unknown> | null;
  createdTime: number;
  changedTime: number;
  /** The synthetic tag whose signal backs this series, if any. */
  syntheticTag?: string;
}

/** The client-settable fields; absent keys are "not given" (PATCH leaves them unchanged). */
export type SeriesFields = Partial<
  Pick<
    SeriesRecord,
    'name' | 'description' | 'step' | 'unit' | 'assetId' | 'facility' | 'externalId' | 'source' | 'metadata'
  >
>;

const STRING_FIELDS = ['description', 'unit', 'assetId', 'facility', 'externalId', 'source'] as const;

/**
 * Validates a create (POST, getoradd), replace (PUT) or partial update (PATCH) body.
 * Create and replace need `name`, and `facility` where the version requires it.
 */
export function parseSeriesBody(
  body: unknown,
  mode: 'create' | 'replace' | 'patch',
  traits: VersionTraits,
): SeriesFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  const input = body as Record<string, unknown>;
  const fields: SeriesFields = {};
  if ('name' in input || mode !== 'patch') {
    if (typeof input['name'] !== 'string' || input['name'].trim() === '')
      throw badRequest('The Name field is required.');
    fields.name = input['name'];
  }
  for (const key of STRING_FIELDS) {
    if (!(key in input)) continue;
    const value = input[key];
    if (value !== null && typeof value !== 'string')
      throw badRequest(`The JSON value of '${key}' must be a string or null.`);
    fields[key] = value;
  }
  if (
    mode !== 'patch' &&
    traits.facilityRequired &&
    (typeof fields.facility !== 'string' || fields.facility.trim() === '')
  ) {
    throw badRequest('The Facility field is required.');
  }
  if ('step' in input) {
    const step = input['step'];
    if (step !== null && typeof step !== 'boolean')
      throw badRequest(`The JSON value of 'step' must be a boolean.`);
    fields.step = step === true;
  }
  if ('metadata' in input) {
    const metadata = input['metadata'];
    if (metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata)))
      throw badRequest(`The JSON value of 'metadata' must be an object or null.`);
    fields.metadata = metadata as Record<string, unknown> | null;
  }
  return fields;
}

/** A series as the API answers it, fields in the API's order; `standardUnit` exists from v1.7. */
export function seriesToWire(record: SeriesRecord, version: ApiVersion): Record<string, unknown> {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    step: record.step,
    unit: record.unit,
    ...(version === 'v1.7' ? { standardUnit: record.standardUnit } : {}),
    assetId: record.assetId,
    facility: record.facility,
    externalId: record.externalId,
    source: record.source,
    metadata: record.metadata,
    createdTime: formatMetaTime(record.createdTime),
    changedTime: formatMetaTime(record.changedTime),
  };
}
