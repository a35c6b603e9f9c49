import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  loadConfig,
  type ExecutorConfig,
  type SchedulerConfig,
  executorConfigSchema,
  schedulerConfigSchema,
} from '@latigo/config-loader';

/** `apps/<app>/config/defaults.yaml`, through the workspace link. */
function defaultsFile(app: 'scheduler' | 'executor'): string {
  return join(dirname(require.resolve(`@latigo/${app}/package.json`)), 'config', 'defaults.yaml');
}

/** An app's configuration as the app loads it: its defaults, then `override` as the override file. */
async function loadWith<C>(
  app: 'scheduler' | 'executor',
  schema: typeof schedulerConfigSchema | typeof executorConfigSchema,
  override: Record<string, unknown>,
): Promise<C> {
  const dir = mkdtempSync(join(tmpdir(), 'latigo-bench-'));
  const file = join(dir, `${app}.json`);
  try {
    writeFileSync(file, JSON.stringify(override));
    const { config } = await loadConfig({
      schema,
      defaultsFile: defaultsFile(app),
      overrideFile: file,
      env: {},
    });
    return config as C;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const loadSchedulerConfig = (override: Record<string, unknown>) =>
  loadWith<SchedulerConfig>('scheduler', schedulerConfigSchema, override);
export const loadExecutorConfig = (override: Record<string, unknown>) =>
  loadWith<ExecutorConfig>('executor', executorConfigSchema, override);
