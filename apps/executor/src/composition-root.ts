import type { ExecutorConfig } from '@latigo/config-loader';
import type { ServiceContext } from '@latigo/service-runtime';

/**
 * Wires the executor from its configuration. Only the process skeleton exists so far: the task
 * consumer and the prediction pipeline are wired here as they land (issues 7 and 13).
 */
export async function startExecutor(ctx: ServiceContext<ExecutorConfig>): Promise<void> {
  const { config, logger } = ctx;
  logger.info('executor ready (no task consumer yet)', {
    task_queue: config.task_queue.type,
    cache: config.cache.type,
  });
}
