import { createTask, type Task } from '@latigo/task-queue';
import type { DiscoveredModel } from '../discovery';
import type { SlotWindow } from '../slots';

/**
 * One task per model for a slot's window. The window comes from the slot, not the wall clock,
 * so the same slot always yields the same task ids (`project/model/<from>/<to>`).
 */
export function tasksForSlot(
  models: readonly DiscoveredModel[],
  window: SlotWindow,
  scheduledAt: Date,
): Task[] {
  const fromTime = new Date(window.from);
  const toTime = new Date(window.to);
  return models.map((m) =>
    createTask({
      projectName: m.project,
      modelName: m.model,
      fromTime,
      toTime,
      scheduledAt,
      revision: m.revision,
    }),
  );
}

/** Tasks per project, for the enqueued-tasks counter and logs. */
export function countByProject(models: readonly DiscoveredModel[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of models) counts.set(m.project, (counts.get(m.project) ?? 0) + 1);
  return counts;
}
