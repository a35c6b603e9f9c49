import { z } from 'zod';
import { doc, duration, integer } from '../schema';

/**
 * `task_status`: where the scheduler and executors record each task's state transitions, read by
 * `latigo status` and the scheduler's `/status` page. Best effort: a failed write never fails a task.
 */
export const taskStatusSectionSchema = z.object({
  type: doc(
    z.enum(['redis', 'memory']).optional(),
    '`redis` (shared by every process, through the `cache` connection) or `memory` (this process only). ' +
      'Default: the `cache` type.',
  ),
  retention: doc(
    duration({ min: '1m', max: '90d' }).prefault('7d'),
    'How long task states are kept; slots older than this are dropped (and their Redis keys expire).',
  ),
  max_slots: doc(
    integer().pipe(z.number().min(1).max(10_000)).default(336),
    'Newest slots kept (336 = 7 days of 30-minute slots); older ones are deleted. Each task costs about ' +
      '150 bytes of Redis, so 1000 models × 336 slots is about 50 MB.',
  ),
  max_tasks_per_model: doc(
    integer().pipe(z.number().min(1).max(10_000)).default(100),
    "Newest tasks listed in a model's history (`latigo status --model`).",
  ),
  freshness_grace: doc(
    duration().prefault('15m'),
    'A model is stale when its newest stored window ended longer ago than interval + delay + this.',
  ),
});

export type TaskStatusSectionConfig = z.output<typeof taskStatusSectionSchema>;
