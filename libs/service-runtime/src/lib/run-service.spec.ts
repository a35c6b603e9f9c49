import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { integer, secret } from '@latigo/config-loader';
import { z } from 'zod';
import { runService, type ServiceDefinition } from './run-service';

const dir = mkdtempSync(join(tmpdir(), 'run-service-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const packageJsonFile = write('package.json', '{"version":"1.2.3"}');
const defaultsFile = write('defaults.yaml', 'app:\n  token: ${APP_TOKEN:-}\n  workers: 2\nlogging:\n  level: info\nserver:\n  port: 0\n');

const schema = z.object({
  app: z.object({ token: secret(z.string()), workers: integer() }),
  logging: z.object({ level: z.enum(['error', 'warn', 'info', 'debug']) }),
  server: z.object({ host: z.string().default('127.0.0.1'), port: integer(), shutdown_timeout_ms: integer().default(1000) }),
});

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

async function run(argv: string[], env: NodeJS.ProcessEnv, start: ServiceDefinition<typeof schema>['start'] = async () => undefined) {
  const stdout = capture();
  const stderr = capture();
  // Signals and the exit code go to a stand-in, so the test runner's process is never touched.
  const proc = Object.assign(new EventEmitter(), { exitCode: undefined as number | undefined, exit: () => undefined as never });
  await runService(
    { name: 'latigo-test', description: 'test service', packageJsonFile, schema, defaultsFile, overrideFileEnvVar: 'LATIGO_TEST_CONFIG_FILE', start },
    { argv: ['node', 'main.js', ...argv], env, stdout: stdout.stream, stderr: stderr.stream, process: proc },
  );
  const exitCode = proc.exitCode;
  return { stdout: stdout.text(), stderr: stderr.text(), exitCode };
}

describe('runService', () => {
  it('--print-config prints the merged configuration as YAML with secrets redacted', async () => {
    const override = write('override.yaml', 'app:\n  workers: 8\n');
    const result = await run(['--print-config', '--config', override], { APP_TOKEN: 'tok-SECRET' });
    expect(result.exitCode).toBeUndefined();
    expect(result.stdout).toContain('# latigo-test 1.2.3: effective configuration');
    expect(result.stdout).toContain('token: <redacted>');
    expect(result.stdout).toContain('workers: 8');
    expect(result.stdout).not.toContain('tok-SECRET');
  });

  it('--check-config exits 2 with every problem on stderr', async () => {
    const override = write('bad.yaml', 'app:\n  workers: many\nlogging:\n  level: chatty\n');
    const result = await run(['--check-config'], { LATIGO_TEST_CONFIG_FILE: override });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Configuration is invalid (2 problems)');
    expect(result.stderr).toContain(`app.workers (${override})`);
    expect(result.stderr).toContain(`logging.level (${override})`);
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const result = await run(['--frobnicate'], {});
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown option '--frobnicate'");
  });

  it('hands the app its configuration, logger and health server, then shuts down on request', async () => {
    let seen: { workers: number; healthUrl: string } | undefined;
    const result = await run([], { APP_TOKEN: 't' }, async (ctx) => {
      seen = { workers: ctx.config.app.workers, healthUrl: ctx.health.url };
      ctx.shutdown.register('app resource', () => undefined);
      const health = await fetch(`${ctx.health.url}/healthz`);
      expect(health.status).toBe(200);
      await ctx.shutdown.shutdown('test done');
    });
    expect(seen?.workers).toBe(2);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l['message'] === 'shutdown complete')).toMatchObject({ closed: ['app resource', 'health server'] });
    expect(result.stdout).not.toContain('"token":"t"');
  });
});
