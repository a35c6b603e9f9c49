import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  ConfigError,
  executorConfigSchema,
  loadConfig,
  mergeLayers,
  readYamlFile,
  schedulerConfigSchema,
  type ConfigIssue,
  type ExecutorConfig,
  type SchedulerConfig,
} from '@latigo/config-loader';
import type { z } from 'zod';

/** Where the embedded upstreams listen. */
export interface UpstreamUrls {
  timeseries: string;
  metadata: string;
  gordo: string;
}

export interface AppConfigInput {
  project: string;
  urls: UpstreamUrls;
  /** Catch-up over this many minutes before the start. */
  catchUpMinutes: number;
  /** The user's override file (`--config`), in the apps' format; its keys win over the embedded ones. */
  userFile?: string;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedAppConfig<C> {
  config: C;
  warnings: ConfigIssue[];
}

/**
 * The embedded default, for both apps: in-memory queue and cache, the emulated upstreams, the
 * health servers on free loopback ports. Windows lag their slot by one interval (the defaults'
 * 3 h delay would leave the last hours out), and one project is scheduled without asking the
 * metadata API for the list.
 */
function embeddedLayer(input: AppConfigInput): Record<string, unknown> {
  const gordo = { connection_string: input.urls.gordo };
  const timeseries = { base_url: input.urls.timeseries };
  return {
    scheduler: {
      name: 'latigo-local-run',
      projects: [input.project],
      continuous_prediction_delay: '30m',
    },
    task_queue: { type: 'memory' },
    cache: { type: 'memory' },
    model_info: gordo,
    predictor: gordo,
    sensor_data: timeseries,
    prediction_storage: timeseries,
    prediction_metadata_storage: { base_url: input.urls.metadata },
    server: { host: '127.0.0.1', port: 0 },
  };
}

/** What makes the run a catch-up of the last hours; applied after the user's file, which cannot change it. */
function runLayer(input: AppConfigInput): Record<string, unknown> {
  return { scheduler: { catchup_window: `${input.catchUpMinutes}m`, run_at_once: false } };
}

/** Sections the executor does not read (and would warn about): the file serves both apps. */
const SCHEDULER_ONLY = ['scheduler', 'models_metadata_info'];
const EXECUTOR_ONLY = [
  'executor',
  'predictor',
  'sensor_data',
  'prediction_storage',
  'prediction_metadata_storage',
];

/**
 * Loads one app's configuration as the app would (its `config/defaults.yaml`, an override,
 * `${VAR}` interpolation, validation), with the override made of the embedded layer, the user's
 * file and the run layer. The merged override only lives in a temporary file while it is read,
 * so secrets from the user's file are not copied into the output folder.
 */
async function loadAppConfig<S extends z.ZodType>(
  app: 'scheduler' | 'executor',
  schema: S,
  input: AppConfigInput,
): Promise<LoadedAppConfig<z.output<S>>> {
  const layers = [{ file: '(local run)', data: embeddedLayer(input) }];
  if (input.userFile) layers.push(await readYamlFile(input.userFile));
  layers.push({ file: '(local run)', data: runLayer(input) });
  const drop = app === 'scheduler' ? EXECUTOR_ONLY : SCHEDULER_ONLY;
  const merged = Object.fromEntries(
    Object.entries(mergeLayers(layers).data).filter(([k]) => !drop.includes(k)),
  );

  const origin = input.userFile
    ? `${input.userFile} over the local run's settings`
    : "the local run's settings";
  const dir = mkdtempSync(join(tmpdir(), 'latigo-local-run-'));
  const overrideFile = join(dir, `${app}.json`);
  try {
    // JSON is YAML, and keeps `${VAR}` for the loader to interpolate.
    writeFileSync(overrideFile, JSON.stringify(merged), { mode: 0o600 });
    const { config, warnings } = await loadConfig({
      schema,
      defaultsFile: appDefaultsFile(app),
      overrideFile,
      ...(input.env ? { env: input.env } : {}),
    });
    return { config, warnings: warnings.map((w) => ({ ...w, file: w.file.replace(overrideFile, origin) })) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The temporary file is gone by the time anyone reads this: name what it was made of.
    throw new ConfigError(
      error.code,
      error.issues.map((i) => ({ ...i, file: i.file.replace(overrideFile, origin) })),
      { cause: error },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function loadSchedulerConfig(input: AppConfigInput): Promise<LoadedAppConfig<SchedulerConfig>> {
  return loadAppConfig('scheduler', schedulerConfigSchema, input);
}

export async function loadExecutorConfig(input: AppConfigInput): Promise<LoadedAppConfig<ExecutorConfig>> {
  return loadAppConfig('executor', executorConfigSchema, input);
}

/** `apps/<app>/config/defaults.yaml`, found through the workspace link, from source or from the bundle. */
export function appDefaultsFile(app: 'scheduler' | 'executor'): string {
  return join(dirname(require.resolve(`@latigo/${app}/package.json`)), 'config', 'defaults.yaml');
}
