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

async function run(
  argv: string[],
  env: NodeJS.ProcessEnv,
  start: ServiceDefinition<typeof schema>['start'] = async () => undefined,
  commands: ServiceDefinition<typeof schema>['commands'] = [],
) {
  const stdout = capture();
  const stderr = capture();
  // Signals and the exit code go to a stand-in, so the test runner's process is never touched.
  const proc = Object.assign(new EventEmitter(), { exitCode: undefined as number | undefined, exit: () => undefined as never });
  await runService(
    { name: 'latigo-test', description: 'test service', packageJsonFile, schema, defaultsFile, overrideFileEnvVar: 'LATIGO_TEST_CONFIG_FILE', start, commands },
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

  describe('subcommands', () => {
    const seen: { workers?: number; options?: Record<string, unknown>; closed?: boolean } = {};
    const count: NonNullable<ServiceDefinition<typeof schema>['commands']>[number] = {
      name: 'count',
      description: 'counts to --to',
      configure: (command) => command.requiredOption('--to <n>', 'last number').option('--dry-run'),
      run: async (ctx, options) => {
        seen.workers = ctx.config.app.workers;
        seen.options = options;
        ctx.shutdown.register('counter', () => void (seen.closed = true));
        ctx.logger.warn('counting');
        ctx.stdout.write(`counted to ${String(options['to'])}\n`);
        return options['to'] === '3' ? 0 : 1;
      },
    };

    it('runs the command instead of the service, with the configuration, its options and its exit code', async () => {
      const override = write('count.yaml', 'app:\n  workers: 5\n');
      let started = false;
      const result = await run(
        ['count', '--to', '3', '--dry-run', '--config', override],
        {},
        async () => void (started = true),
        [count],
      );
      expect(started).toBe(false);
      expect(seen).toEqual({ workers: 5, options: { to: '3', dryRun: true }, closed: true });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe('counted to 3\n');
      // Logs go to stderr, so stdout stays the command's own output.
      expect(JSON.parse(result.stderr.trim().split('\n')[0] ?? '{}')).toMatchObject({
        message: 'counting',
        command: 'count',
      });
      expect((await run(['count', '--to', '4'], {}, undefined, [count])).exitCode).toBe(1);
    });

    it('rejects a missing command option with exit code 2 and still runs the service without a command', async () => {
      const missing = await run(['count'], {}, undefined, [count]);
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr).toContain("required option '--to <n>' not specified");
      let started = false;
      await run(
        [],
        { APP_TOKEN: 't' },
        async (ctx) => {
          started = true;
          await ctx.shutdown.shutdown('test done');
        },
        [count],
      );
      expect(started).toBe(true);
    });
  });
});
