import type { TaskState, TaskStatusEvent } from './status-report';

/** The fields of a queue task that status needs (a `@latigo/task-queue` Task satisfies it). */
export interface TaskRef {
  readonly taskId: string;
  readonly projectName: string;
  readonly modelName: string;
  readonly fromTime: Date;
  readonly toTime: Date;
}

/** An event for `task` in `state`, now unless `at` is given. */
export function taskStatusEvent(
  task: TaskRef,
  state: TaskState,
  details: { attempt?: number; at?: Date; durationMs?: number; code?: string; reason?: string } = {},
): TaskStatusEvent {
  return {
    taskId: task.taskId,
    project: task.projectName,
    model: task.modelName,
    from: task.fromTime.toISOString(),
    to: task.toTime.toISOString(),
    state,
    at: (details.at ?? new Date()).toISOString(),
    attempt: details.attempt ?? (state === 'enqueued' ? 0 : 1),
    ...(details.durationMs !== undefined ? { durationMs: Math.round(details.durationMs) } : {}),
    ...(details.code !== undefined ? { code: details.code } : {}),
    ...(details.reason !== undefined ? { reason: details.reason } : {}),
  };
}
