import { formatUtc } from '../task';
import type { DeadLetter } from '../task-queue';

/** One line per dead letter, for people: where it is, why it is there, what it was. */
export function formatDeadLetter(letter: DeadLetter): string {
  const what = letter.task ? letter.task.taskId : '(poison: not a task)';
  const last = letter.lastFailureAt ? formatUtc(letter.lastFailureAt) : '?';
  const from = `${letter.original.topic}/${letter.original.partition}/${letter.original.offset}`;
  return `${letter.position.partition}/${letter.position.offset}  ${letter.code}  attempts=${letter.attempts}  ${what}  from=${from}  last_failure=${last}  reason=${JSON.stringify(letter.reason)}`;
}

/** A dead letter as a JSON line (the value as UTF-8 text). */
export function deadLetterJson(letter: DeadLetter): string {
  return JSON.stringify({
    position: letter.position,
    key: letter.key,
    value: letter.value?.toString('utf8') ?? null,
    task_id: letter.task?.taskId ?? null,
    code: letter.code,
    reason: letter.reason,
    attempts: letter.attempts,
    original: letter.original,
    first_failure_at: letter.firstFailureAt?.toISOString() ?? null,
    last_failure_at: letter.lastFailureAt?.toISOString() ?? null,
  });
}
