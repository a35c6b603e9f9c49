import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeServiceLifecycle } from '@latigo/service-runtime/testing';
import { parse, stringify } from 'yaml';

// The lifecycle suite starts the bundle with Kafka and Redis settings that lead nowhere; the
// executor would (rightly) never become ready. Its process contract is checked on the embedded
// default instead: the shipped defaults with the memory queue and cache (LATIGO_EXECUTOR_DEFAULTS_FILE),
// and a resource for the client-secret credential the suite configures.
const defaults = parse(readFileSync(join(__dirname, '..', 'config', 'defaults.yaml'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;
defaults['task_queue'] = { ...defaults['task_queue'], type: 'memory' };
defaults['cache'] = { ...defaults['cache'], type: 'memory' };
defaults['model_info'] = { ...defaults['model_info'], auth: { resource: 'api://gordo' } };
const defaultsFile = join(mkdtempSync(join(tmpdir(), 'latigo-executor-defaults-')), 'defaults.yaml');
writeFileSync(defaultsFile, stringify(defaults));
process.env['LATIGO_EXECUTOR_DEFAULTS_FILE'] = defaultsFile;

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
