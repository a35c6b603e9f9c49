import { badRequest } from './api-error';
import { parseTime } from './time-parsing';

// Messages follow ASP.NET Core model binding ("The value 'x' is not valid for limit."), the
// framework the API runs on, so clients that log them see familiar text.

/** A boolean from the query; Python clients send `True`/`False`, so case is ignored. */
export function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  return parseBoolean(raw, name);
}

/** `true`/`false` in any case, or a JSON boolean. */
export function parseBoolean(raw: unknown, name: string): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const lower = raw.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw badRequest(`The value '${String(raw)}' is not valid for ${name}.`);
}

/** An integer in [min, max], or the default when absent. */
export function integerParam(
  query: URLSearchParams,
  name: string,
  range: { min: number; max: number; fallback: number },
): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return range.fallback;
  return checkInteger(raw, name, range);
}

export function checkInteger(raw: unknown, name: string, range: { min: number; max: number }): number {
  const value =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw)
        ? Number(raw)
        : Number.NaN;
  if (!Number.isInteger(value)) throw badRequest(`The value '${String(raw)}' is not valid for ${name}.`);
  if (value < range.min || value > range.max)
    throw badRequest(`${name} must be between ${range.min} and ${range.max}, got ${value}.`);
  return value;
}

/** A list given as repeated keys (`status=192&status=64`); comma-separated values are split too. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** Status codes to keep, from a query list or a JSON array; undefined keeps every status. */
export function statusSet(values: unknown[], name: string): Set<number> | undefined {
  if (values.length === 0) return undefined;
  return new Set(values.map((v) => checkInteger(v, name, { min: -2147483648, max: 2147483647 })));
}

/** A time from the query or a body, in epoch microseconds. */
export function timeValue(raw: unknown, name: string): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const parsed = typeof raw === 'string' ? parseTime(raw) : undefined;
  if (parsed === undefined) throw badRequest(`The value '${String(raw)}' is not valid for ${name}.`);
  return parsed;
}

export function timeParam(query: URLSearchParams, name: string): number | undefined {
  return timeValue(query.get(name) ?? undefined, name);
}
