#!/usr/bin/env node
import { join } from 'node:path';
import { azureMonitorConnectionString, schedulerConfigSchema } from '@latigo/config-loader';
import { runService } from '@latigo/service-runtime';
import { schedulerCommands, startScheduler } from './composition-root';

// Paths are relative to this file, which is src/ in development and dist/ in the bundle.
void runService({
  name: 'latigo-scheduler',
  description:
    'Latigo scheduler: makes one prediction task per Gordo model per interval and puts it on the task queue.',
  packageJsonFile: join(__dirname, '..', 'package.json'),
  schema: schedulerConfigSchema,
  defaultsFile:
    process.env['LATIGO_SCHEDULER_DEFAULTS_FILE'] ?? join(__dirname, '..', 'config', 'defaults.yaml'),
  overrideFileEnvVar: 'LATIGO_SCHEDULER_CONFIG_FILE',
  start: startScheduler,
  commands: schedulerCommands,
  telemetry: (config) => ({
    connectionString: azureMonitorConnectionString(config.scheduler),
    samplingRatio: config.scheduler.azure_monitor_sampling_ratio,
  }),
});
