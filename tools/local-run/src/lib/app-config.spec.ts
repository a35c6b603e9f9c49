import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@latigo/config-loader';
import { loadExecutorConfig, loadSchedulerConfig } from './app-config';

const urls = {
  timeseries: 'http://127.0.0.1:1001/plant/timeseries/v1.7',
  metadata: 'http://127.0.0.1:1002',
  gordo: 'http://127.0.0.1:1003',
};
const base = { project: 'latigo-local', urls, catchUpMinutes: 120, env: {} };

const dirs: string[] = [];
function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-run-config-'));
  dirs.push(dir);
  const path = join(dir, 'override.yaml');
  writeFileSync(path, text);
  return path;
}

describe('the apps configuration of a local run', () => {
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('is the embedded default: memory queue and cache, the emulated upstreams, a catch-up of the hours', async () => {
    const { config: scheduler } = await loadSchedulerConfig(base);
    const { config: executor } = await loadExecutorConfig(base);

    expect(scheduler.task_queue.type).toBe('memory');
    expect(scheduler.cache.type).toBe('memory');
    expect(scheduler.scheduler).toMatchObject({ projects: ['latigo-local'], run_at_once: false });
    expect(scheduler.scheduler.catchup_window.ms).toBe(2 * 3_600_000);
    expect(scheduler.scheduler.continuous_prediction_delay.ms).toBe(30 * 60_000);
    expect(executor.sensor_data.base_url).toBe(urls.timeseries);
    expect(executor.predictor.connection_string).toBe(urls.gordo);
    expect(executor.prediction_metadata_storage.base_url).toBe(urls.metadata);
    // The apps' own defaults still apply.
    expect(executor.executor.retry.max_attempts).toBe(3);
  });

  it("takes the user's file over the embedded default, with ${VAR}, but keeps the catch-up", async () => {
    const userFile = file(`
scheduler:
  catchup_window: 24h
  projects: [latigo-test]
task_queue:
  type: kafka
  bootstrap.servers: \${BROKERS}
  security.protocol: PLAINTEXT
model_info: &gordo
  connection_string: http://gordo.local:5555
predictor: *gordo
`);
    const env = { BROKERS: '127.0.0.1:9092' };
    const { config: scheduler, warnings } = await loadSchedulerConfig({ ...base, userFile, env });
    const { config: executor } = await loadExecutorConfig({ ...base, userFile, env });

    expect(scheduler.task_queue).toMatchObject({ type: 'kafka', 'bootstrap.servers': '127.0.0.1:9092' });
    expect(scheduler.scheduler.projects).toEqual(['latigo-test']);
    expect(scheduler.scheduler.catchup_window.ms).toBe(2 * 3_600_000);
    expect(executor.predictor.connection_string).toBe('http://gordo.local:5555');
    expect(executor.sensor_data.base_url).toBe(urls.timeseries);
    // One file serves both apps: neither warns about the other's sections.
    expect(warnings).toEqual([]);
  });

  it("names the user's file in configuration errors", async () => {
    const userFile = file('task_queue:\n  type: rabbit\n');
    const error = await loadExecutorConfig({ ...base, userFile }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({ path: 'task_queue.type', file: `${userFile} over the local run's settings` }),
    ]);
  });
});
