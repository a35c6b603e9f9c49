import type { RunOptions, TaskHandler } from '@latigo/task-queue';
import { taskStatusEvent, type TaskStatusRecorder } from '@latigo/task-status';

/**
 * The executor's part of the task status: `running` when a handler attempt starts, then what the
 * consumer decided (succeeded, skipped, retrying, dead_lettered). Recording only appends to the
 * recorder's buffer, so it never delays or fails a task.
 */
export function recordTaskStatus(
  recorder: Pick<TaskStatusRecorder, 'record'>,
  handler: TaskHandler,
): { handler: TaskHandler; onOutcome: NonNullable<RunOptions['onOutcome']> } {
  return {
    handler: (task, context) => {
      recorder.record(taskStatusEvent(task, 'running', { attempt: context.attempt }));
      return handler(task, context);
    },
    onOutcome: (task, o) => {
      const code = o.code ?? codeOfReason(o.reason);
      recorder.record(
        taskStatusEvent(task, o.outcome, {
          attempt: o.attempt,
          durationMs: o.durationMs,
          ...(code ? { code } : {}),
          ...(o.reason !== undefined ? { reason: o.reason } : {}),
        }),
      );
    },
  };
}

/** Skip reasons start with their code (`EXECUTOR_NO_DATA: …`, see task-handler.ts). */
function codeOfReason(reason: string | undefined): string | undefined {
  return reason?.match(/^([A-Z][A-Z0-9_]+): /)?.[1];
}
