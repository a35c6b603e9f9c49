import { createServer } from 'node:net';
import { main } from './cli';
import { MemoryTaskStatusStore } from './lib/store/memory-task-status-store';
import { event, MINUTE, T0 } from './lib/testing/conformance.test-helpers';

async function storeWithASlot(): Promise<MemoryTaskStatusStore> {
  const store = new MemoryTaskStatusStore({
    now: () => T0 + 20 * MINUTE,
    limits: { freshnessLimitMs: 75 * MINUTE },
  });
  await store.write([
    {
      kind: 'expectation',
      expectation: { slot: new Date(T0).toISOString(), project: 'p1', models: ['a', 'b', 'c'] },
    },
    { kind: 'event', event: event('a', 'succeeded', T0, { durationMs: 812 }) },
    {
      kind: 'event',
      event: event('b', 'skipped', T0, {
        code: 'EXECUTOR_NO_DATA',
        reason: 'EXECUTOR_NO_DATA: no datapoints',
      }),
    },
    {
      kind: 'event',
      event: event('c', 'dead_lettered', T0, {
        attempt: 3,
        code: 'TS_BAD_RESPONSE',
        reason: 'UpstreamError: html',
      }),
    },
  ]);
  return store;
}

async function run(args: string[], store?: MemoryTaskStatusStore) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'latigo', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    ...(store ? { openSource: async () => ({ reader: store, close: async () => undefined }) } : {}),
  });
  return { code, stdout, stderr };
}

describe('latigo status', () => {
  it('prints a row per slot × project, the stale models with why, and the dead letters', async () => {
    const { code, stdout } = await run(['status', '--url', 'http://scheduler'], await storeWithASlot());
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'slot                  project  expected  enqueued  succeeded  skipped  failed  in flight  lag',
        '2026-01-01T12:00:00Z  p1              3         3          1        1       1          0   1m',
        '',
        'stale models (newest stored window older than 1h15m):',
        '  p1/b  no stored window in the retention  latest: skipped EXECUTOR_NO_DATA: EXECUTOR_NO_DATA: no datapoints',
        '  p1/c  no stored window in the retention  latest: dead_lettered (attempt 3) TS_BAD_RESPONSE: UpstreamError: html',
        '',
        'recent dead letters:',
        '  2026-01-01T12:01:00Z  p1/c/2026-01-01T11:30:00.000Z/2026-01-01T12:00:00.000Z  dead_lettered (attempt 3) TS_BAD_RESPONSE: UpstreamError: html',
        '',
      ].join('\n'),
    );
  });

  it('--model shows the recent tasks with reasons; --json prints the document', async () => {
    const store = await storeWithASlot();
    const text = await run(['status', '--url', 'http://s', '--model', 'p1/b'], store);
    expect(text.stdout).toContain('p1/b: 1 recent task(s)');
    expect(text.stdout).toContain('skipped');
    expect(text.stdout).toContain('EXECUTOR_NO_DATA: no datapoints');
    const json = await run(['status', '--url', 'http://s', '--json'], store);
    expect(JSON.parse(json.stdout)).toEqual(await store.report({ slots: 6 }));
  });

  it('exits 1 with a clear message when the scheduler cannot be reached', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const { code, stderr } = await run(['status', '--url', `http://127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(
        `^latigo: cannot reach http://127.0.0.1:${port}/status.json\\?slots=6: fetch failed .*ECONNREFUSED`,
      ),
    );
  });

  it('exits 1 when the config file names an unreachable Redis, 2 on bad usage', async () => {
    const { code, stderr } = await run(['status', '--config', '/nonexistent/latigo.yaml']);
    expect(code).toBe(1);
    expect(stderr).toContain('/nonexistent/latigo.yaml');
    expect((await run(['status'])).code).toBe(2);
    expect((await run(['status', '--url', 'http://s', '--model', 'no-slash'])).code).toBe(2);
  });
});
