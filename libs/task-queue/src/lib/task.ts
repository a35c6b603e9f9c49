/** One prediction task: run one model over one time window. */
export interface Task {
  readonly projectName: string;
  readonly modelName: string;
  /** Window start (inclusive). */
  readonly fromTime: Date;
  /** Window end (exclusive); always after `fromTime`. */
  readonly toTime: Date;
  /** `project/model/<from ISO>/<to ISO>`: the same window always yields the same id, so duplicates are recognisable. */
  readonly taskId: string;
  /** Delivery number: absent on the first delivery, raised by one by each dead-letter replay. */
  readonly attempt?: number;
  /** When the scheduler produced the task (for latency metrics). */
  readonly scheduledAt?: Date;
  /** Gordo revision the scheduler saw, if it pinned one. */
  readonly revision?: string;
}

/** What {@link createTask} needs: a task without its derived id. */
export type TaskInput = Omit<Task, 'taskId'>;

/** Builds a task and derives its `taskId`. Validation happens in the codec (see `encodeTask`). */
export function createTask(input: TaskInput): Task {
  return { ...input, taskId: taskIdOf(input) };
}

/** `project/model/<from>/<to>` with UTC ISO 8601 times ending in `Z` (milliseconds only when not zero). */
export function taskIdOf(task: Pick<Task, 'projectName' | 'modelName' | 'fromTime' | 'toTime'>): string {
  return `${task.projectName}/${task.modelName}/${formatUtc(task.fromTime)}/${formatUtc(task.toTime)}`;
}

/** The Kafka key, `project/model`: every task of one model lands on one partition, in order. */
export function taskKeyOf(task: Pick<Task, 'projectName' | 'modelName'>): string {
  return `${task.projectName}/${task.modelName}`;
}

/** `2020-04-10T07:00:00Z`, or `2020-04-10T07:00:00.250Z` when there are milliseconds. */
export function formatUtc(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'Invalid Date'; // the codec rejects such a task with a clear reason
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
