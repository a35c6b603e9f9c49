import { decodeTask } from './task-codec';
import type { DeadLetter, DeadLetterFilter, MessagePosition } from './task-queue';

/** Header names on dead letters (values are UTF-8 text; times are ISO 8601 UTC). */
export const DEAD_LETTER_HEADERS = {
  reason: 'latigo-dlq-reason',
  code: 'latigo-dlq-error-code',
  attempts: 'latigo-dlq-attempts',
  originalTopic: 'latigo-dlq-original-topic',
  originalPartition: 'latigo-dlq-original-partition',
  originalOffset: 'latigo-dlq-original-offset',
  firstFailureAt: 'latigo-dlq-first-failure-at',
  lastFailureAt: 'latigo-dlq-last-failure-at',
} as const;

/** Why a message is dead-lettered: what the consumer knows when it gives up on it. */
export interface DeadLetterCause {
  readonly original: MessagePosition;
  readonly reason: string;
  readonly code: string;
  readonly attempts: number;
  readonly firstFailureAt: Date;
  readonly lastFailureAt: Date;
}

/** A message to publish on the dead-letter topic: the original key and value, unchanged, plus headers. */
export interface DeadLetterMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

export function deadLetterMessage(
  key: Buffer | null,
  value: Buffer | null,
  cause: DeadLetterCause,
): DeadLetterMessage {
  return {
    key,
    value,
    headers: {
      [DEAD_LETTER_HEADERS.reason]: cause.reason,
      [DEAD_LETTER_HEADERS.code]: cause.code,
      [DEAD_LETTER_HEADERS.attempts]: String(cause.attempts),
      [DEAD_LETTER_HEADERS.originalTopic]: cause.original.topic,
      [DEAD_LETTER_HEADERS.originalPartition]: String(cause.original.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: cause.original.offset,
      [DEAD_LETTER_HEADERS.firstFailureAt]: cause.firstFailureAt.toISOString(),
      [DEAD_LETTER_HEADERS.lastFailureAt]: cause.lastFailureAt.toISOString(),
    },
  };
}

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** Reads a message of the dead-letter topic back (tolerates missing headers: the topic may hold foreign messages). */
export function readDeadLetter(
  position: MessagePosition,
  key: Buffer | null,
  value: Buffer | null,
  headers: Record<string, HeaderValue>,
): DeadLetter {
  const header = (name: string): string | undefined => {
    const raw = headers[name];
    const first = Array.isArray(raw) ? raw[0] : raw;
    return first === undefined ? undefined : first.toString();
  };
  const date = (name: string): Date | undefined => {
    const text = header(name);
    const ms = text ? Date.parse(text) : NaN;
    return Number.isNaN(ms) ? undefined : new Date(ms);
  };
  let task: DeadLetter['task'];
  try {
    task = decodeTask(value);
  } catch {
    task = undefined; // a poison message: listed, never replayed
  }
  const firstFailureAt = date(DEAD_LETTER_HEADERS.firstFailureAt);
  const lastFailureAt = date(DEAD_LETTER_HEADERS.lastFailureAt);
  return {
    position,
    key: key === null ? null : key.toString(),
    value,
    ...(task ? { task } : {}),
    reason: header(DEAD_LETTER_HEADERS.reason) ?? '',
    code: header(DEAD_LETTER_HEADERS.code) ?? '',
    attempts: Number(header(DEAD_LETTER_HEADERS.attempts) ?? 0) || 0,
    original: {
      topic: header(DEAD_LETTER_HEADERS.originalTopic) ?? '',
      partition: Number(header(DEAD_LETTER_HEADERS.originalPartition) ?? -1),
      offset: header(DEAD_LETTER_HEADERS.originalOffset) ?? '',
    },
    ...(firstFailureAt ? { firstFailureAt } : {}),
    ...(lastFailureAt ? { lastFailureAt } : {}),
  };
}

export function matchesDeadLetterFilter(letter: DeadLetter, filter: DeadLetterFilter = {}): boolean {
  if (filter.fromOffset !== undefined && BigInt(letter.position.offset) < filter.fromOffset) return false;
  if (filter.code !== undefined && letter.code !== filter.code) return false;
  if (filter.project !== undefined && letter.task?.projectName !== filter.project) return false;
  if (filter.model !== undefined && letter.task?.modelName !== filter.model) return false;
  return true;
}
