import type { SeriesRecord } from './series-model';

/** The metadata fields lists and searches filter on. */
export const FILTER_FIELDS = [
  'name',
  'description',
  'unit',
  'externalId',
  'source',
  'assetId',
  'facility',
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export type SeriesFilter = Partial<Record<FilterField, string>>;

/** How names and other fields compare in list filters and uniqueness checks. */
export type NameMatching = 'exact' | 'case-insensitive';

/** GET `/`: every given field must equal the series' value (AND-combined). */
export function exactFilter(filter: SeriesFilter, matching: NameMatching): (record: SeriesRecord) => boolean {
  const entries = Object.entries(filter) as Array<[FilterField, string]>;
  return (record) => entries.every(([field, wanted]) => sameText(record[field], wanted, matching));
}

/** GET `/search`: `*` matches any run of characters anywhere, case-insensitively; all fields must match. */
export function wildcardFilter(filter: SeriesFilter): (record: SeriesRecord) => boolean {
  const patterns = (Object.entries(filter) as Array<[FilterField, string]>).map(
    ([field, pattern]) => [field, wildcard(pattern)] as const,
  );
  return (record) =>
    patterns.every(([field, regex]) => {
      const value = record[field];
      return typeof value === 'string' && regex.test(value);
    });
}

export function sameText(a: string | null, b: string | null, matching: NameMatching): boolean {
  if (a === null || b === null) return a === b;
  return matching === 'exact' ? a === b : a.toLowerCase() === b.toLowerCase();
}

function wildcard(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'is');
}
