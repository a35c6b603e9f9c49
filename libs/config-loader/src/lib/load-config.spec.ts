import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors';
import { loadConfig } from './load-config';
import { redactConfig } from './redact';
import { executorConfigSchema, schedulerConfigSchema } from './sections/apps';

const dir = mkdtempSync(join(tmpdir(), 'latigo-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const schedulerDefaults = file(
  'scheduler-defaults.yaml',
  `
scheduler:
  continuous_prediction_start_time: "08:00"
  continuous_prediction_interval: 30m
  continuous_prediction_delay: 3h
task_queue:
  type: kafka
  connection_string: \${LATIGO_TASK_QUEUE_CONNECTION_STRING:-}
  security.protocol: SASL_SSL
  group.id: "1"
  session.timeout.ms: 30000
logging:
  level: \${LOG_LEVEL:-info}
server:
  port: 8080
model_info:
  connection_string: https://gordo.example/gordo/v0/
models_metadata_info:
  base_url: https://metadata.example/omnia-prevent
cache:
  host: \${CACHE_HOST:-}
  port: \${CACHE_PORT:-6380}
  password: \${CACHE_PASSWORD:-}
`,
);

async function expectConfigError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

const env = {
  CACHE_HOST: 'redis.internal',
  LATIGO_TASK_QUEUE_CONNECTION_STRING:
    'Endpoint=sb://ns/;SharedAccessKeyName=k;SharedAccessKey=key;EntityPath=t',
};

describe('loadConfig', () => {
  it('loads the defaults, merges the override named by the env var and coerces env strings', async () => {
    const override = file('ok.yaml', 'scheduler:\n  run_at_once: false\ncache:\n  port: ${CACHE_PORT}\n  tls: false\n');
    const { config, files, warnings } = await loadConfig({
      schema: schedulerConfigSchema,
      defaultsFile: schedulerDefaults,
      overrideFileEnvVar: 'LATIGO_SCHEDULER_CONFIG_FILE',
      env: { ...env, CACHE_PORT: '6390', LOG_LEVEL: 'WARNING', LATIGO_SCHEDULER_CONFIG_FILE: override },
    });
    expect(files).toEqual([schedulerDefaults, override]);
    expect(warnings).toEqual([]);
    expect(config.cache).toMatchObject({ host: 'redis.internal', port: 6390, tls: false });
    expect(config.logging.level).toBe('warn');
    expect(config.task_queue['session.timeout.ms']).toBe(30000);
    expect(config.model_info.batch_size).toBe(1000);
    expect(config.model_info.auth.authority_host_url).toBe('https://login.microsoftonline.com');
  });

  it('reports three mistakes at once, each with its key path and the file it came from', async () => {
    const override = file(
      'three-mistakes.yaml',
      [
        'scheduler:',
        '  continuous_prediction_start_time: "8 o\'clock"', // bad format
        'task_queue:',
        '  session.timeout.ms: soon', // wrong type
        'model_info:',
        '  connection_string: not a url', // bad URL
      ].join('\n'),
    );
    const error = await expectConfigError(
      loadConfig({ schema: schedulerConfigSchema, defaultsFile: schedulerDefaults, overrideFile: override, env }),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.issues.map((i) => [i.path, i.file])).toEqual([
      ['scheduler.continuous_prediction_start_time', override],
      ['task_queue["session.timeout.ms"]', override],
      ['model_info.connection_string', override],
    ]);
    expect(error.issues[0]?.message).toContain('HH:MM');
    expect(error.issues[1]?.message).toMatch(/expected number/);
    expect(error.message).toContain('Configuration is invalid (3 problems)');
  });

  it('reports a malformed Event Hubs connection string by its key path and what is wrong, never the key', async () => {
    const override = file(
      'bad-connection-string.yaml',
      'task_queue:\n  connection_string: "Endpoint=not a url;SharedAccessKeyName=x;SharedAccessKey=TOPSECRET-KEY"\n',
    );
    const error = await expectConfigError(
      loadConfig({ schema: schedulerConfigSchema, defaultsFile: schedulerDefaults, overrideFile: override, env }),
    );
    expect(error.issues).toEqual([
      {
        path: 'task_queue.connection_string',
        file: override,
        message: 'Endpoint must look like sb://<namespace host>/ (optionally with :<port>)',
      },
    ]);
    expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain('TOPSECRET');
  });

  it('names a missing required key and every file it was looked for in', async () => {
    const error = await expectConfigError(
      loadConfig({ schema: schedulerConfigSchema, defaultsFile: schedulerDefaults, env: { CACHE_HOST: 'h' } }),
    );
    expect(error.issues).toEqual([
      {
        path: 'task_queue.connection_string',
        file: schedulerDefaults,
        message: expect.stringContaining('set connection_string (Event Hubs) or bootstrap.servers'),
      },
    ]);
    const noDefaults = file('empty-defaults.yaml', '');
    const missing = await expectConfigError(loadConfig({ schema: z.object({ a: z.object({ b: z.string() }) }), defaultsFile: noDefaults }));
    expect(missing.issues).toEqual([{ path: 'a', file: `not set in ${noDefaults}`, message: expect.stringMatching(/^required: /) }]);
  });

  it('reports an unset ${VAR} without a default as a problem of that key', async () => {
    const override = file('env.yaml', 'cache:\n  password: ${REDIS_SECRET_THAT_IS_NOT_SET}\n');
    const error = await expectConfigError(
      loadConfig({ schema: schedulerConfigSchema, defaultsFile: schedulerDefaults, overrideFile: override, env }),
    );
    expect(error.issues).toEqual([
      { path: 'cache.password', file: override, message: expect.stringContaining('REDIS_SECRET_THAT_IS_NOT_SET is not set') },
    ]);
  });

  it('warns about unknown keys with their path instead of failing', async () => {
    const override = file('typo.yaml', 'scheduler:\n  continuous_prediction_intervall: 1h\ntask_queue:\n  security.protocl: SSL\n');
    const { warnings } = await loadConfig({ schema: schedulerConfigSchema, defaultsFile: schedulerDefaults, overrideFile: override, env });
    expect(warnings.map((w) => [w.path, w.file])).toEqual([
      ['scheduler.continuous_prediction_intervall', override],
      ['task_queue["security.protocl"]', override],
    ]);
  });

  it('fails clearly on a missing or malformed override file', async () => {
    const missing = await expectConfigError(
      loadConfig({
        schema: schedulerConfigSchema,
        defaultsFile: schedulerDefaults,
        overrideFileEnvVar: 'LATIGO_SCHEDULER_CONFIG_FILE',
        env: { LATIGO_SCHEDULER_CONFIG_FILE: join(dir, 'nope.yaml') },
      }),
    );
    expect(missing.code).toBe('CONFIG_FILE_UNREADABLE');
    expect(missing.message).toContain('named by LATIGO_SCHEDULER_CONFIG_FILE does not exist');

    const broken = file('broken.yaml', 'scheduler:\n  a: [1, 2\n');
    const malformed = await expectConfigError(
      loadConfig({ schema: schedulerConfigSchema, defaultsFile: schedulerDefaults, overrideFile: broken, env }),
    );
    expect(malformed.code).toBe('CONFIG_FILE_MALFORMED');
    expect(malformed.issues[0]?.file).toMatch(new RegExp(`^${broken}:\\d+:\\d+$`));

    const list = file('list.yaml', '- a\n- b\n');
    const notMapping = await expectConfigError(
      loadConfig({ schema: schedulerConfigSchema, defaultsFile: schedulerDefaults, overrideFile: list, env }),
    );
    expect(notMapping.message).toContain('expected a mapping of sections at the top level, got a list');
  });

  it('never puts a secret from the override file into an error message', async () => {
    const override = file(
      'secret-bad.yaml',
      'model_info:\n  auth:\n    client_secret: 12345\n    auto_adding_headers:\n      Ocp-Apim-Subscription-Key: 999888777\n',
    );
    const error = await expectConfigError(
      loadConfig({ schema: schedulerConfigSchema, defaultsFile: schedulerDefaults, overrideFile: override, env }),
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      'model_info.auth.client_secret',
      'model_info.auth.auto_adding_headers.Ocp-Apim-Subscription-Key',
    ]);
    expect(error.message).not.toContain('12345');
    expect(error.message).not.toContain('999888777');
  });
});

describe('redactConfig', () => {
  it('replaces every secret of the effective configuration', async () => {
    const override = file(
      'secrets.yaml',
      [
        'task_queue:',
        '  connection_string: "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=TOPSECRET-KEY;EntityPath=t"',
        'model_info:',
        '  auth:',
        '    client_id: visible-client-id',
        '    client_secret: TOPSECRET-CLIENT',
        'models_metadata_info:',
        '  auth:',
        '    auto_adding_headers:',
        '      Ocp-Apim-Subscription-Key: TOPSECRET-APIM',
        'cache:',
        '  password: TOPSECRET-REDIS',
      ].join('\n'),
    );
    const { config } = await loadConfig({ schema: schedulerConfigSchema, defaultsFile: schedulerDefaults, overrideFile: override, env });
    const printed = JSON.stringify(redactConfig(schedulerConfigSchema, config));
    expect(printed).not.toMatch(/TOPSECRET/);
    expect(printed).toContain('visible-client-id');
    expect(printed).toContain('"client_secret":"<redacted>"');
    expect(config.cache.password).toBe('TOPSECRET-REDIS'); // the loaded config itself is untouched
  });

  it('also redacts secret-looking field names the schema does not mark', () => {
    const schema = z.object({ extra: z.record(z.string(), z.string()) });
    expect(redactConfig(schema, { extra: { sas_token: 'abc', name: 'n' } })).toEqual({ extra: { sas_token: '<redacted>', name: 'n' } });
  });

  it('covers every secret key of the executor schema', () => {
    const keys = JSON.stringify(redactConfig(executorConfigSchema, { executor: { azure_monitor_instrumentation_key: 'IK' } }));
    expect(keys).not.toContain('IK');
  });
});
