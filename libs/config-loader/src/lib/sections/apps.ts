import { z } from 'zod';
import { boolean, doc, duration, integer, timeOfDay } from '../schema';
import { authSchema } from './auth';
import {
  azureMonitorKeys,
  cacheSectionSchema,
  checkAzureMonitorKeys,
  loggingSectionSchema,
  serverSectionSchema,
} from './runtime';
import { taskQueueSectionSchema } from './task-queue';
import { taskStatusSectionSchema } from './task-status';
import { gordoSectionSchema, metadataApiSectionSchema, timeSeriesSectionSchema } from './upstreams';

const modelPatterns = (description: string) =>
  doc(
    z
      .array(
        z
          .string()
          .regex(
            /^[^/]+\/[^/]+$/,
            'expected a "project/model" pattern, e.g. "ioc-*/*" (* matches within a name)',
          ),
      )
      .default([]),
    description,
  );

/** `scheduler`: the original's keys and formats, plus catch-up, discovery and leader-lease settings. */
const schedulerSection = z.object({
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
  run_at_once: doc(
    boolean().default(false),
    'At start-up, enqueue the latest slot at or before now (unless it was already enqueued).',
  ),
  name: doc(
    z.string().min(1).default('unnamed_scheduler'),
    'Name shown in logs; also names the Redis keys of the leader lease and the last enqueued slot, so ' +
      'schedulers sharing a name share one leader.',
  ),
  projects: doc(
    z.array(z.string().min(1)).default([]),
    'Projects to schedule. Empty: ask the metadata API (`models_metadata_info`, GET /projects) at every slot, as ' +
      'the original does; `models_metadata_info` is then required.',
  ),
  include_models: modelPatterns(
    'Only models matching one of these `project/model` glob patterns are scheduled (`*` matches within a name); empty: all.',
  ),
  exclude_models: modelPatterns(
    'Models matching one of these patterns are never scheduled (wins over include_models); `<project>/*` also ' +
      'stops asking Gordo about that project.',
  ),
  discovery_parallelism: doc(
    integer().pipe(z.number().min(1).max(64)).default(4),
    'Projects whose models are asked of Gordo at the same time.',
  ),
  lease_ttl: doc(
    duration({ min: '1s', max: '10m' }).prefault('30s'),
    'Leader lease in Redis: one scheduler enqueues, the others stand by and one takes over at most this long after ' +
      'the leader dies. Renewed every third of it; keep it well below the interval.',
  ),
  ...azureMonitorKeys,
});
export const schedulerSectionSchema = schedulerSection.superRefine(checkAzureMonitorKeys);

/** `executor`: the original's keys, plus how tasks run (concurrency, deadline, retries, caches). */
const executorSection = z.object({
  ...azureMonitorKeys,
  concurrency: doc(
    integer().pipe(z.number().min(1).max(256)).default(4),
    'Tasks run at the same time in one process (tasks of one model never overlap).',
  ),
  task_deadline: doc(
    duration({ min: '1s' }).prefault('10m'),
    'A task still running after this is abandoned as failed (retryable): retried, then dead-lettered.',
  ),
  request_timeout: doc(
    duration({ min: '1s', max: '10m' }).prefault('30s'),
    'Timeout of each attempt of an upstream request (Gordo, Timeseries API, metadata API).',
  ),
  revision_cache_ttl: doc(
    duration().prefault('30s'),
    "How long a project's latest Gordo revision is reused (a 410 re-resolves it at once). 0 asks every task.",
  ),
  done_marker_ttl: doc(
    duration().prefault('7d'),
    'How long a succeeded task_id is remembered (Redis, or memory), so a redelivered task is acknowledged without redoing it. 0 disables the markers.',
  ),
  retry: z
    .object({
      max_attempts: doc(
        integer().pipe(z.number().min(1).max(100)).default(3),
        'Attempts of a failed task, the first included; then it goes to the dead-letter topic. Errors that cannot succeed later (4xx, bad data) are dead-lettered at once.',
      ),
      initial_delay: doc(
        duration().prefault('2s'),
        'Wait before the second attempt; doubles (see multiplier) per attempt, with jitter.',
      ),
      max_delay: doc(duration().prefault('1m'), 'Cap of the wait between attempts.'),
      multiplier: doc(z.number().min(1).default(2), 'Growth of the wait per attempt.'),
    })
    .superRefine((retry, ctx) => {
      if (retry.max_delay.ms < retry.initial_delay.ms)
        ctx.addIssue({
          code: 'custom',
          path: ['max_delay'],
          message: 'must not be shorter than initial_delay',
        });
    })
    .prefault({}),
});
export const executorSectionSchema = executorSection.superRefine(checkAzureMonitorKeys);

const common = {
  task_queue: taskQueueSectionSchema,
  task_status: taskStatusSectionSchema.prefault({}),
  logging: loggingSectionSchema.prefault({}),
  server: serverSectionSchema.prefault({}),
};

/** Everything the scheduler reads (`apps/scheduler/config/defaults.yaml` + override). */
export const schedulerConfigSchema = z
  .object({
    scheduler: schedulerSectionSchema,
    ...common,
    model_info: gordoSectionSchema,
    models_metadata_info: metadataApiSectionSchema.optional(),
    cache: cacheSectionSchema,
  })
  .superRefine((value, ctx) => {
    if (value.scheduler.projects.length === 0 && !value.models_metadata_info) {
      ctx.addIssue({
        code: 'custom',
        path: ['models_metadata_info'],
        message:
          'required unless scheduler.projects lists the projects: it is where the project list comes from',
      });
    }
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
