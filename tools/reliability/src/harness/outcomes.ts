import { createTask, type TaskQueue } from '@latigo/task-queue';
import type { MetadataEmulator } from '@latigo/emulators';
import type { Observations } from '../lib/tally';

/**
 * Task ids whose predictions were written: the executor posts the metadata record last, after
 * the datapoints, and its description names the window (`… from '<from>' : to '<to>'`).
 */
export function storedTaskIds(metadata: MetadataEmulator): string[] {
  return metadata.models().flatMap(({ body }) => {
    const window = /from '([^']+)' (?:: )?to '([^']+)'/.exec(body.description);
    if (!window) return [];
    return [
      createTask({
        projectName: body.project_name,
        modelName: body.model_name,
        fromTime: new Date((window[1] as string).replace(' ', 'T')),
        toTime: new Date((window[2] as string).replace(' ', 'T')),
      }).taskId,
    ];
  });
}

/**
 * Task id → skip reason, from the executors' `task skipped` lines. The task handler logs the
 * label (`no_data`), the queue the full reason with its detail; the label wins, so reasons count
 * by kind.
 */
export function skippedTaskIds(lines: readonly Record<string, unknown>[]): Map<string, string> {
  const skipped = new Map<string, string>();
  const labelled = new Set<string>();
  for (const l of lines) {
    const id = l['task_id'];
    if (
      !String(l['message']).startsWith('task skipped') ||
      typeof id !== 'string' ||
      l['reason'] === undefined
    )
      continue;
    const fromQueue = l['component'] === 'task-queue';
    if (fromQueue && labelled.has(id)) continue;
    if (!fromQueue) labelled.add(id);
    skipped.set(id, String(l['reason']));
  }
  return skipped;
}

/** Task id (or `raw:<key>` for a message that is not a task) → dead-letter code, from the topic. */
export async function deadLetteredIds(queue: TaskQueue): Promise<Map<string, string>> {
  const letters = await queue.deadLetters.list();
  return new Map(letters.map((d) => [d.task?.taskId ?? `raw:${d.key ?? d.original.offset}`, d.code]));
}

export async function observe(
  scheduled: Iterable<string>,
  metadata: MetadataEmulator,
  lines: readonly Record<string, unknown>[],
  queue: TaskQueue,
): Promise<Observations> {
  return {
    scheduled,
    stored: storedTaskIds(metadata),
    skipped: skippedTaskIds(lines),
    deadLettered: await deadLetteredIds(queue),
  };
}
