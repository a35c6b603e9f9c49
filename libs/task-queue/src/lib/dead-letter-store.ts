import { matchesDeadLetterFilter } from './dead-letter';
import { createTask, type Task } from './task';
import type {
  DeadLetter,
  DeadLetterFilter,
  DeadLetterStore,
  EnqueueResult,
  ReplayResult,
} from './task-queue';

/** `list` and `replay` over any way of reading the whole dead-letter topic. */
export class SnapshotDeadLetterStore implements DeadLetterStore {
  constructor(
    private readonly readAll: () => Promise<DeadLetter[]>,
    private readonly enqueue: (tasks: readonly Task[]) => Promise<EnqueueResult>,
  ) {}

  async list(filter?: DeadLetterFilter): Promise<DeadLetter[]> {
    return (await this.readAll()).filter((letter) => matchesDeadLetterFilter(letter, filter));
  }

  async replay(filter?: DeadLetterFilter, options: { dryRun?: boolean } = {}): Promise<ReplayResult> {
    const matched = await this.list(filter);
    const replayable = matched.filter((letter) => letter.task !== undefined);
    const lastOffsets: Record<number, string> = {};
    for (const letter of replayable) {
      const previous = lastOffsets[letter.position.partition];
      if (previous === undefined || BigInt(letter.position.offset) > BigInt(previous)) {
        lastOffsets[letter.position.partition] = letter.position.offset;
      }
    }
    let replayed = 0;
    if (!options.dryRun && replayable.length > 0) {
      const tasks = replayable.map((letter) => {
        const { taskId: _taskId, ...task } = letter.task as Task;
        return createTask({ ...task, attempt: (task.attempt ?? 1) + 1 });
      });
      replayed = (await this.enqueue(tasks)).tasks;
    }
    return {
      matched: matched.length,
      replayed,
      skippedPoison: matched.length - replayable.length,
      lastOffsets,
    };
  }
}
