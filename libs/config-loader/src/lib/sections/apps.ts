import { z } from 'zod';
import { boolean, doc } from '../schema';
import { authSchema } from './auth';
import { azureMonitorKeys, cacheSectionSchema, loggingSectionSchema, serverSectionSchema } from './runtime';
import { taskQueueSectionSchema } from './task-queue';
import { gordoSectionSchema, metadataApiSectionSchema, timeSeriesSectionSchema } from './upstreams';

/** `scheduler`: the original's keys and formats. */
export const schedulerSectionSchema = z.object({
  continuous_prediction_start_time: doc(
    z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (UTC), e.g. "08:00"'),
    'Anchor of the slot grid on each UTC day, HH:MM.',
  ),
  continuous_prediction_interval: doc(z.string().min(1), 'Slot length and window length, e.g. "30m".'),
  continuous_prediction_delay: doc(z.string().min(1), 'How far the window lags the slot, e.g. "3h".'),
  run_at_once: doc(boolean().default(false), 'Enqueue the latest slot at start-up.'),
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
