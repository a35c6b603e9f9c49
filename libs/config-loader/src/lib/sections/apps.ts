import { z } from 'zod';
import { boolean, doc, duration, timeOfDay } from '../schema';
import { authSchema } from './auth';
import { azureMonitorKeys, cacheSectionSchema, loggingSectionSchema, serverSectionSchema } from './runtime';
import { taskQueueSectionSchema } from './task-queue';
import { gordoSectionSchema, metadataApiSectionSchema, timeSeriesSectionSchema } from './upstreams';

/** `scheduler`: the original's keys and formats, plus `catchup_window`. */
export const schedulerSectionSchema = z.object({
  continuous_prediction_start_time: doc(
    timeOfDay(),
    'Anchor of the slot grid on each UTC day, HH:MM in UTC (as the original: "08:00:00" and "24:00" are rejected).',
  ),
  continuous_prediction_interval: doc(
    duration({ min: '1s', max: '24h' }),
    'Time between slots and length of each window, 1s to 24h, e.g. "30m". Durations here and below take the forms ' +
      'the original accepted (30m, 30min, 1h30m, 1.5h, 90s, 1d, 00:30:00, "1 days 02:00:00", PT30M) and need a unit: ' +
      'a bare number other than 0 is rejected (the original read it as nanoseconds).',
  ),
  continuous_prediction_delay: doc(
    duration(),
    'How far each window lags its slot, e.g. "3h": a slot at T predicts [T - delay, T - delay + interval].',
  ),
  catchup_window: doc(
    duration().prefault('6h'),
    'After downtime, the missed slots of this last stretch are enqueued, oldest first; older ones are skipped. 0 disables catch-up.',
  ),
  run_at_once: doc(boolean().default(false), 'At start-up, enqueue the latest slot at or before now.'),
  name: doc(z.string().default('unnamed_scheduler'), 'Name shown in logs.'),
  ...azureMonitorKeys,
});

/** `executor`: the original's keys. */
export const executorSectionSchema = z.object({
  ...azureMonitorKeys,
});

const common = {
  task_queue: taskQueueSectionSchema,
  logging: loggingSectionSchema.prefault({}),
  server: serverSectionSchema.prefault({}),
};

/** Everything the scheduler reads (`apps/scheduler/config/defaults.yaml` + override). */
export const schedulerConfigSchema = z.object({
  scheduler: schedulerSectionSchema,
  ...common,
  model_info: gordoSectionSchema,
  models_metadata_info: metadataApiSectionSchema,
  cache: cacheSectionSchema,
});

/** Everything the executor reads (`apps/executor/config/defaults.yaml` + override). */
export const executorConfigSchema = z.object({
  executor: executorSectionSchema.prefault({}),
  ...common,
  model_info: gordoSectionSchema,
  predictor: gordoSectionSchema,
  sensor_data: timeSeriesSectionSchema,
  prediction_storage: timeSeriesSectionSchema,
  prediction_metadata_storage: metadataApiSectionSchema,
  cache: cacheSectionSchema,
});

export type SchedulerConfig = z.output<typeof schedulerConfigSchema>;
export type ExecutorConfig = z.output<typeof executorConfigSchema>;
export { authSchema };
