import { join } from 'node:path';
import { describeServiceLifecycle } from '@latigo/service-runtime/testing';

// Runs against the bundle (dist/main.js): the test target depends on the build.
describeServiceLifecycle({
  name: 'latigo-executor',
  mainFile: join(__dirname, '..', 'dist', 'main.js'),
  overrideFileEnvVar: 'LATIGO_EXECUTOR_CONFIG_FILE',
  appOverride: `
predictor:
  connection_string: http://127.0.0.1:9/gordo/v0/
sensor_data:
  base_url: http://127.0.0.1:9/timeseries/v1.6
prediction_storage:
  base_url: http://127.0.0.1:9/timeseries/v1.6
prediction_metadata_storage:
  base_url: http://127.0.0.1:9/omnia-prevent
  auth:
    auto_adding_headers:
      Ocp-Apim-Subscription-Key: apim-key-NEVER-PRINT-4
`,
});
