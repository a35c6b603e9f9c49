import { join } from 'node:path';
import { describeServiceLifecycle } from '@latigo/service-runtime/testing';

// Runs against the bundle (dist/main.js): the test target depends on the build.
describeServiceLifecycle({
  name: 'latigo-scheduler',
  mainFile: join(__dirname, '..', 'dist', 'main.js'),
  overrideFileEnvVar: 'LATIGO_SCHEDULER_CONFIG_FILE',
  appOverride: `
models_metadata_info:
  base_url: http://127.0.0.1:9/omnia-prevent
  auth:
    auto_adding_headers:
      Ocp-Apim-Subscription-Key: apim-key-NEVER-PRINT-4
`,
});
