import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '@latigo/service-runtime/testing';
import { stringify } from 'yaml';
import { GordoStub } from './testing/gordo-stub.test-helpers';

// The built bundle on the embedded default: memory task queue and memory state, no broker, no Redis.
describe('latigo-scheduler with task_queue.type and cache.type memory', () => {
  const gordo = new GordoStub(['pump-1', 'pump-2']);
  let child: ServiceProcess | undefined;
  afterAll(async () => {
    child?.kill('SIGKILL');
    await gordo.close();
  });

  it('leads on its own, enqueues the latest slot with run_at_once and stops cleanly', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scheduler-memory-')), 'override.yaml');
    writeFileSync(
      file,
      stringify({
        scheduler: { run_at_once: true, projects: ['ioc-1000', 'ioc-2000'] },
        task_queue: { type: 'memory' },
        cache: { type: 'memory' },
        model_info: { connection_string: await gordo.listen() },
        server: { host: '127.0.0.1', port: 0 },
      }),
    );
    child = new ServiceProcess({
      mainFile: join(__dirname, '..', 'dist', 'main.js'),
      env: { LATIGO_SCHEDULER_CONFIG_FILE: file, LOG_LEVEL: 'info' },
    });
    const line = await child.waitForLine((l) => l['message'] === 'slot enqueued');
    expect(line).toMatchObject({ tasks: 4, projects: 2, projectsFailed: [], catchUp: false });
    const started = await child.waitForLine((l) => l['message'] === 'latigo-scheduler started');
    const ready = await (await fetch(`${String(started['healthUrl'])}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ready' });
    child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.lines.find((l) => l['message'] === 'shutdown complete')).toMatchObject({
      closed: ['slot loop', 'leader lease', 'task status', 'task queue', 'health server'],
    });
  });
});
