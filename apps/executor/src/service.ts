import { join } from 'node:path';
import { azureMonitorConnectionString, executorConfigSchema } from '@latigo/config-loader';
import type { ServiceDefinition } from '@latigo/service-runtime';
import { startExecutor } from './composition-root';

/** The executor as `runService` runs it (main.ts; in-process tests pass their own `start`). */
export const executorService = {
  name: 'latigo-executor',
  description:
    'Latigo executor: takes prediction tasks from the queue, runs them through Gordo and stores the results in the Timeseries API.',
  // Paths are relative to this file, which is src/ in development and dist/ in the bundle.
  packageJsonFile: join(__dirname, '..', 'package.json'),
  schema: executorConfigSchema,
  defaultsFile:
    process.env['LATIGO_EXECUTOR_DEFAULTS_FILE'] ?? join(__dirname, '..', 'config', 'defaults.yaml'),
  overrideFileEnvVar: 'LATIGO_EXECUTOR_CONFIG_FILE',
  start: startExecutor,
  telemetry: (config) => ({
    connectionString: azureMonitorConnectionString(config.executor),
    samplingRatio: config.executor.azure_monitor_sampling_ratio,
  }),
} satisfies ServiceDefinition<typeof executorConfigSchema>;
