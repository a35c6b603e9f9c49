import type { TaskQueue } from '@latigo/task-queue';
import { codeOf, messageOf } from '../discovery';

/**
 * Remembers whether the last enqueue failed, for the readiness check: a broker that is reachable
 * but refuses our credentials or the topic shows up here.
 */
export class EnqueueHealth {
  private lastFailure: string | undefined;

  /** The queue, with each enqueue's outcome recorded. */
  track(queue: Pick<TaskQueue, 'enqueue'>): Pick<TaskQueue, 'enqueue'> {
    return {
      enqueue: async (tasks) => {
        try {
          const result = await queue.enqueue(tasks);
          this.lastFailure = undefined;
          return result;
        } catch (error) {
          this.lastFailure = `the last enqueue failed: ${codeOf(error)}: ${messageOf(error)}`;
          throw error;
        }
      },
    };
  }

  check(): string | undefined {
    return this.lastFailure;
  }
}
