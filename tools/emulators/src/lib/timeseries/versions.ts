/** The API versions served side by side from one store. */
export type ApiVersion = 'v1.5' | 'v1.6' | 'v1.7';

export const API_VERSIONS: readonly ApiVersion[] = ['v1.5', 'v1.6', 'v1.7'];

/** What differs between versions (the reference's "Emulator tip" plus route availability). */
export interface VersionTraits {
  /** Create and replace refuse a body without `facility` (v1.6+). */
  facilityRequired: boolean;
  /** The pair that must be unique among series: (name, assetId) in v1.5, (name, facility) later. */
  uniqueBy: 'assetId' | 'facility';
  /** Datapoint read items carry the series' `name` and `unit` (v1.5 only). */
  nameAndUnitInData: boolean;
  /** A write without `async` is queued and answered 202 (v1.7) instead of committed and answered 200. */
  asyncByDefault: boolean;
  /** The correlation field of error bodies: `activityId` before v1.6.2, `traceId` after. */
  errorIdField: 'activityId' | 'traceId';
  /** Upper bound of `limit` on series lists (1000 in v1.5, the 100,000 result cap later). */
  maxListLimit: number;
  /** `POST /getoradd` exists (v1.6.2+). */
  getOrAdd: boolean;
  /** The v1.7 routes exist: `GET /query/data` by name, `/facets/*`. */
  v17Routes: boolean;
}

export const VERSION_TRAITS: Readonly<Record<ApiVersion, VersionTraits>> = {
  'v1.5': {
    facilityRequired: false,
    uniqueBy: 'assetId',
    nameAndUnitInData: true,
    asyncByDefault: false,
    errorIdField: 'activityId',
    maxListLimit: 1000,
    getOrAdd: false,
    v17Routes: false,
  },
  'v1.6': {
    facilityRequired: true,
    uniqueBy: 'facility',
    nameAndUnitInData: false,
    asyncByDefault: false,
    errorIdField: 'traceId',
    maxListLimit: 100_000,
    getOrAdd: true,
    v17Routes: false,
  },
  'v1.7': {
    facilityRequired: true,
    uniqueBy: 'facility',
    nameAndUnitInData: false,
    asyncByDefault: true,
    errorIdField: 'traceId',
    maxListLimit: 100_000,
    getOrAdd: true,
    v17Routes: true,
  },
};
