import { join } from 'node:path';
import { describeServiceLifecycle } from '@latigo/service-runtime/testing';

// Runs against the bundle (dist/main.js): the test target depends on the build. The queue and
// the state are in memory, so the process is ready without a broker or Redis.
describeServiceLifecycle({
  name: 'latigo-scheduler',
  mainFile: join(__dirname, '..', 'dist', 'main.js'),
  overrideFileEnvVar: 'LATIGO_SCHEDULER_CONFIG_FILE',
  appOverride: `
task_queue:
  type: memory
cache:
  type: memory
model_info:
  auth:
    resource: api://gordo
models_metadata_info:
  base_url: http://127.0.0.1:9/omnia-prevent
  auth:
    auto_adding_headers:
      Ocp-Apim-Subscription-Key: apim-key-NEVER-PRINT-4
`,
});
