import { z } from 'zod';
import { InvalidTaskError, PoisonMessageError, type PoisonField } from './errors';
import { createTask, formatUtc, taskIdOf, type Task } from './task';

/*
 * Wire format, compatible with the Python Latigo both ways (dataclasses-json `to_json()`):
 *   {"project_name": "p", "model_name": "m", "from_time": 1586502001.0, "to_time": 1586503801.0, ...}
 * Times are POSIX epoch seconds (float). The original ignores extra keys, so ours ride along:
 * task_id, attempt, scheduled_at (ISO 8601) and revision. The text is written the way Python's
 * json.dumps writes it (", " and ": " separators, ASCII only, floats with ".0"), so a message of the
 * four original fields is byte-identical to what the original scheduler sends.
 */

const MAX_DATE_MS = 8.64e15;
const ISO_8601 = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Reads a wire time: epoch seconds (number) or an ISO 8601 string (no zone means UTC). */
function parseWireTime(value: unknown): Date | undefined {
  if (typeof value === 'number') {
    const ms = Math.round(value * 1000);
    return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? new Date(ms) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = ISO_8601.exec(value.trim());
  if (!match) return undefined;
  const [, day, time, zone] = match;
  let offset = zone === undefined || zone === 'z' ? 'Z' : zone;
  if (/^[+-]\d{2}$/.test(offset)) offset += ':00';
  else if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  // Date.parse wants at most milliseconds; Python writes microseconds.
  const normalisedTime = (time ?? '').replace(/(\.\d{3})\d+$/, '$1');
  const ms = Date.parse(`${day}T${normalisedTime}${offset}`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * One wire field: `accept` returns the value, or undefined when it does not fit; `expected` says
 * what fits, for the poison reason. Optional fields treat absent and null (Python's None) as unset.
 */
function wireField<T>(accept: (value: unknown) => T | undefined, expected: string, optional: boolean) {
  return z.unknown().transform((value, ctx): T | undefined => {
    if (optional && (value === undefined || value === null)) return undefined;
    const accepted = accept(value);
    if (accepted !== undefined) return accepted;
    ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${describeValue(value)}` });
    return z.NEVER;
  });
}

const requiredField = <T>(accept: (value: unknown) => T | undefined, expected: string) =>
  wireField(accept, expected, false) as unknown as z.ZodType<T, unknown>;
const optionalWireField = <T>(accept: (value: unknown) => T | undefined, expected: string) =>
  wireField(accept, expected, true);

const TIME = 'epoch seconds (number) or an ISO 8601 string';
const wireTime = requiredField(parseWireTime, TIME);
const optionalTime = optionalWireField(parseWireTime, TIME);
const requiredName = requiredField(
  (v) => (typeof v === 'string' && v.length > 0 ? v : undefined),
  'a non-empty string',
);
const optionalString = optionalWireField((v) => (typeof v === 'string' ? v : undefined), 'a string');
const optionalAttempt = optionalWireField(
  (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined),
  'an integer >= 1',
);

// Required fields are not `.optional()`, yet their transforms see a missing key as undefined and
// name it in the reason; `.optional()` on the others lets the key be absent.
const wireTaskSchema = z.object({
  project_name: requiredName,
  model_name: requiredName,
  from_time: wireTime,
  to_time: wireTime,
  task_id: optionalString.optional(),
  attempt: optionalAttempt.optional(),
  scheduled_at: optionalTime.optional(),
  revision: optionalString.optional(),
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a message value into a {@link Task}. Accepts the original's messages (four fields,
 * epoch seconds) and ours; `task_id` is re-derived from the fields, so it is always canonical.
 * @throws PoisonMessageError naming the field, for anything that is not a valid task.
 */
export function decodeTask(value: Uint8Array | string | null | undefined): Task {
  if (value === null || value === undefined || value.length === 0) {
    throw new PoisonMessageError('message: empty value', 'message');
  }
  let text: string;
  try {
    text = typeof value === 'string' ? value : utf8.decode(value);
  } catch (cause) {
    throw new PoisonMessageError('message: not valid UTF-8', 'message', { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PoisonMessageError(`message: not JSON (${text.length} characters)`, 'message', { cause });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new PoisonMessageError(`message: expected a JSON object, got ${describeValue(json)}`, 'message');
  }
  const parsed = wireTaskSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path[0] as PoisonField | undefined) ?? 'message';
    throw new PoisonMessageError(`${field}: ${issue?.message ?? 'invalid'}`, field);
  }
  const wire = parsed.data;
  if (wire.from_time.getTime() >= wire.to_time.getTime()) {
    throw new PoisonMessageError(
      `from_time: must be before to_time (from ${formatUtc(wire.from_time)}, to ${formatUtc(wire.to_time)})`,
      'from_time',
    );
  }
  return createTask({
    projectName: wire.project_name,
    modelName: wire.model_name,
    fromTime: wire.from_time,
    toTime: wire.to_time,
    ...(wire.attempt !== undefined ? { attempt: wire.attempt } : {}),
    ...(wire.scheduled_at !== undefined ? { scheduledAt: wire.scheduled_at } : {}),
    ...(wire.revision !== undefined ? { revision: wire.revision } : {}),
  });
}

/** Checks a task before it is sent; the same rules as {@link decodeTask}. */
export function validateTask(task: Task): void {
  const fail = (field: PoisonField, reason: string): never => {
    throw new InvalidTaskError(`${field}: ${reason}`, field);
  };
  if (typeof task.projectName !== 'string' || !task.projectName)
    fail('project_name', 'must be a non-empty string');
  if (typeof task.modelName !== 'string' || !task.modelName) fail('model_name', 'must be a non-empty string');
  if (!isValidDate(task.fromTime)) fail('from_time', 'must be a valid Date');
  if (!isValidDate(task.toTime)) fail('to_time', 'must be a valid Date');
  if (task.fromTime.getTime() >= task.toTime.getTime()) fail('from_time', 'must be before to_time');
  if (task.attempt !== undefined && !(Number.isInteger(task.attempt) && task.attempt >= 1)) {
    fail('attempt', 'must be an integer >= 1');
  }
  if (task.scheduledAt !== undefined && !isValidDate(task.scheduledAt))
    fail('scheduled_at', 'must be a valid Date');
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/**
 * Encodes a task as the original scheduler would, plus our fields.
 * @throws InvalidTaskError when the task breaks a rule of {@link validateTask}.
 */
export function encodeTask(task: Task): string {
  validateTask(task);
  const entries: [string, string][] = [
    ['project_name', pyString(task.projectName)],
    ['model_name', pyString(task.modelName)],
    ['from_time', pyFloat(task.fromTime.getTime() / 1000)],
    ['to_time', pyFloat(task.toTime.getTime() / 1000)],
    // Re-derived, so a hand-built Task with a stale id still sends the canonical one.
    ['task_id', pyString(taskIdOf(task))],
  ];
  if (task.attempt !== undefined) entries.push(['attempt', String(task.attempt)]);
  if (task.scheduledAt !== undefined) entries.push(['scheduled_at', pyString(formatUtc(task.scheduledAt))]);
  if (task.revision !== undefined) entries.push(['revision', pyString(task.revision)]);
  return `{${entries.map(([key, value]) => `${pyString(key)}: ${value}`).join(', ')}}`;
}

/** A JSON string as Python's json.dumps (ensure_ascii) writes it: everything outside space..~ escaped. */
function pyString(value: string): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A float as Python's repr writes it for epoch seconds: `1586502001.0`, `1586502001.25`. */
function pyFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}
