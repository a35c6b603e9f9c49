import type { SchedulerConfig } from '@latigo/config-loader';
import type { ServiceContext } from '@latigo/service-runtime';

/**
 * Wires the scheduler from its configuration. Only the process skeleton exists so far: the slot
 * clock, model discovery and the task queue are wired here as they land (issues 13 and 14).
 */
export async function startScheduler(ctx: ServiceContext<SchedulerConfig>): Promise<void> {
  const { config, logger } = ctx;
  logger.info('scheduler ready (no slot clock yet)', {
    start_time: config.scheduler.continuous_prediction_start_time,
    interval: config.scheduler.continuous_prediction_interval,
    delay: config.scheduler.continuous_prediction_delay,
  });
}
