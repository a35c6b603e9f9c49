#!/usr/bin/env node
import { join } from 'node:path';
import { executorConfigSchema } from '@latigo/config-loader';
import { runService } from '@latigo/service-runtime';
import { startExecutor } from './composition-root';

// Paths are relative to this file, which is src/ in development and dist/ in the bundle.
void runService({
  name: 'latigo-executor',
  description:
    'Latigo executor: takes prediction tasks from the queue, runs them through Gordo and stores the results in the Timeseries API.',
  packageJsonFile: join(__dirname, '..', 'package.json'),
  schema: executorConfigSchema,
  defaultsFile:
    process.env['LATIGO_EXECUTOR_DEFAULTS_FILE'] ?? join(__dirname, '..', 'config', 'defaults.yaml'),
  overrideFileEnvVar: 'LATIGO_EXECUTOR_CONFIG_FILE',
  start: startExecutor,
});
