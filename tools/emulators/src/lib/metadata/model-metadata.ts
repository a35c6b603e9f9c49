import { parseTime } from '../timeseries/time-parsing';

/** One validation problem: where (FastAPI `loc`), what, and a pydantic-style error type. */
export interface FieldError {
  loc: Array<string | number>;
  msg: string;
  type: string;
}

/** The prediction metadata Latigo posts to `/models` (snake_case, as on the wire). */
export interface ModelMetadata {
  description: string;
  input_tags: Array<{ name: string; time_series_id: string | null }>;
  labels: unknown;
  model_name: string;
  output_tags: Array<{
    derived_from: string;
    description: string;
    name: string;
    time_series_id: string;
    type: 'derived' | 'aggregated';
  }>;
  project_name: string;
  revision: string;
  status: string;
  training_time_from: string;
  training_time_to: string;
}

type Path = Array<string | number>;
type Fields = Record<string, unknown>;

/**
 * Checks a POST `/models` body against the fields of Latigo's client dataclasses. The server's
 * own rules are unknown, so this checks what the client guarantees: required strings, the tag
 * lists, `type` ∈ {derived, aggregated}, and training times that parse as datetimes (ISO or
 * Python's `str(datetime)`). An input tag's `time_series_id` may be null, because Latigo sends
 * None when a tag lookup found nothing; `revision` may be a number, as pydantic coerces it.
 */
export function validateModelMetadata(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (path: Path, msg: string, type: string) => errors.push({ loc: ['body', ...path], msg, type });
  const input = asObject(body, [], fail);
  if (!input) return errors;

  const text = (
    fields: Fields,
    path: Path,
    rules: { optional?: boolean; nullable?: boolean; number?: boolean } = {},
  ) => {
    const value = fields[path[path.length - 1] as string];
    if (value === undefined) {
      if (!rules.optional) fail(path, 'field required', 'value_error.missing');
    } else if (value === null) {
      if (!rules.nullable) fail(path, 'none is not an allowed value', 'type_error.none.not_allowed');
    } else if (typeof value !== 'string' && !(rules.number && typeof value === 'number')) {
      fail(path, 'str type expected', 'type_error.str');
    }
    return value;
  };
  const list = (field: string, check: (tag: Fields, path: Path) => void) => {
    const value = input[field];
    if (value === undefined) fail([field], 'field required', 'value_error.missing');
    else if (!Array.isArray(value)) fail([field], 'value is not a valid list', 'type_error.list');
    else
      value.forEach((item, index) => {
        const tag = asObject(item, [field, index], fail);
        if (tag) check(tag, [field, index]);
      });
  };

  text(input, ['model_name']);
  text(input, ['project_name']);
  text(input, ['revision'], { number: true });
  text(input, ['description'], { optional: true });
  text(input, ['status'], { optional: true });
  for (const field of ['training_time_from', 'training_time_to']) {
    const value = text(input, [field]);
    if (typeof value === 'string' && parseTime(value) === undefined) {
      fail([field], 'invalid datetime format', 'value_error.datetime');
    }
  }
  list('input_tags', (tag, path) => {
    text(tag, [...path, 'name']);
    text(tag, [...path, 'time_series_id'], { nullable: true });
  });
  list('output_tags', (tag, path) => {
    text(tag, [...path, 'name']);
    text(tag, [...path, 'time_series_id']);
    text(tag, [...path, 'derived_from'], { optional: true });
    text(tag, [...path, 'description'], { optional: true });
    const type = tag['type'];
    if (type === undefined) fail([...path, 'type'], 'field required', 'value_error.missing');
    else if (type !== 'derived' && type !== 'aggregated') {
      fail(
        [...path, 'type'],
        "value is not a valid enumeration member; permitted: 'derived', 'aggregated'",
        'type_error.enum',
      );
    }
  });
  return errors;
}

function asObject(
  value: unknown,
  path: Path,
  fail: (path: Path, msg: string, type: string) => void,
): Fields | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Fields;
  fail(path, 'value is not a valid dict', 'type_error.dict');
  return undefined;
}
