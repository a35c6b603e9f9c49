import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { ServiceProcess } from './service-process';

export interface LifecycleSuiteOptions {
  /** e.g. `latigo-executor` (the `service` field of its log lines). */
  name: string;
  /** The built entry point, `apps/<app>/dist/main.js`. */
  mainFile: string;
  /** e.g. `LATIGO_EXECUTOR_CONFIG_FILE`. */
  overrideFileEnvVar: string;
  /**
   * The app's own sections that, deep-merged over the shared ones below, make the configuration
   * valid (so an app may also change a shared key, e.g. `task_queue.type`). Any value containing
   * `NEVER-PRINT` is a secret that must never reach the output.
   */
  appOverride: string;
}

// Sections both apps share, with a secret in each place a secret can be.
const SHARED_OVERRIDE = `
task_queue:
  connection_string: "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=sas-NEVER-PRINT-1;EntityPath=latigo-tasks"
model_info:
  connection_string: http://127.0.0.1:9/gordo/v0/
  auth:
    tenant: t
    client_id: c
    client_secret: client-secret-NEVER-PRINT-2
cache:
  host: 127.0.0.1
  password: redis-NEVER-PRINT-3
server:
  host: 127.0.0.1
  port: 0
`;

const SHUTDOWN_LIMIT_MS = 1000;

/**
 * The process contract every Latigo service keeps, run against its real bundle in a child
 * process: flags, configuration errors, redaction, health endpoints and a clean SIGTERM.
 */
export function describeServiceLifecycle(options: LifecycleSuiteOptions): void {
  const dir = mkdtempSync(join(tmpdir(), `${options.name}-`));
  const validOverride = stringify(deepMerge(parse(SHARED_OVERRIDE), parse(options.appOverride) ?? {}));
  const overrideFile = join(dir, 'override.yaml');
  writeFileSync(overrideFile, validOverride);
  const running: ServiceProcess[] = [];
  const start = (args: string[] = [], env: NodeJS.ProcessEnv = {}) => {
    const child = new ServiceProcess({
      mainFile: options.mainFile,
      args,
      env: { [options.overrideFileEnvVar]: overrideFile, LOG_LEVEL: 'debug', ...env },
    });
    running.push(child);
    return child;
  };
  afterEach(() => {
    for (const child of running.splice(0)) child.kill('SIGKILL');
  });

  describe(`${options.name} process life cycle`, () => {
    it('prints --help and --version and exits 0', async () => {
      const help = start(['--help']);
      expect(await help.exited).toEqual({ code: 0, signal: null });
      expect(help.lines.map((l) => l['message']).join('\n')).toContain('--print-config');
      const version = start(['--version']);
      expect(await version.exited).toEqual({ code: 0, signal: null });
      expect(version.lines[0]?.['message']).toMatch(/^\d+\.\d+\.\d+/);
    });

    it('exits 0 within a second of SIGTERM, after closing the health server it opened', async () => {
      const child = start();
      const started = await child.waitForLine((l) => l['message'] === `${options.name} started`);
      const healthUrl = String(started['healthUrl']).replace('0.0.0.0', '127.0.0.1');
      expect((await fetch(`${healthUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${healthUrl}/readyz`)).status).toBe(200);
      expect(await (await fetch(`${healthUrl}/metrics`)).text()).toContain('process_resident_memory_bytes');

      const signalled = Date.now();
      child.kill('SIGTERM');
      const exit = await Promise.race([
        child.exited,
        new Promise<'too slow'>((r) => setTimeout(() => r('too slow'), SHUTDOWN_LIMIT_MS).unref()),
      ]);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(SHUTDOWN_LIMIT_MS);
      expect(child.lines.find((l) => l['message'] === 'shutdown complete')).toMatchObject({
        reason: 'signal SIGTERM',
        closed: expect.arrayContaining(['health server']),
        failed: [],
        pending: [],
      });
      await expect(fetch(`${healthUrl}/healthz`)).rejects.toThrow();
    });

    it('never prints a secret from the override file: not in --print-config, not in the logs', async () => {
      const printed = start(['--print-config']);
      expect(await printed.exited).toEqual({ code: 0, signal: null });
      const child = start();
      await child.waitForLine((l) => l['message'] === `${options.name} started`);
      child.kill('SIGTERM');
      await child.exited;
      const everything = [printed, child].flatMap((c) => [...c.lines.map((l) => JSON.stringify(l)), ...c.stderr]).join('\n');
      expect(everything).toContain('<redacted>');
      expect(validOverride.match(/NEVER-PRINT/g)?.length).toBeGreaterThanOrEqual(4);
      expect(everything).not.toContain('NEVER-PRINT');
    });

    it('reports every configuration mistake with its key path and file, and exits 2', async () => {
      const bad = join(dir, 'three-mistakes.yaml');
      const override = parse(validOverride) as Record<string, Record<string, unknown>>;
      override['logging'] = { ...override['logging'], level: 'loud' };
      override['task_queue'] = { ...override['task_queue'], 'session.timeout.ms': 'soon', 'security.protocol': 'CARRIER_PIGEON' };
      writeFileSync(bad, stringify(override));
      const child = start(['--check-config', '--config', bad]);
      expect(await child.exited).toEqual({ code: 2, signal: null });
      const text = child.stderr.join('');
      expect(text).toContain('Configuration is invalid (3 problems)');
      expect(text).toContain(`logging.level (${bad})`);
      expect(text).toContain(`task_queue["session.timeout.ms"] (${bad})`);
      expect(text).toContain(`task_queue["security.protocol"] (${bad})`);
    });

    it('fails with exit code 2 when the override file does not exist', async () => {
      const child = start([], { [options.overrideFileEnvVar]: join(dir, 'missing.yaml') });
      expect(await child.exited).toEqual({ code: 2, signal: null });
      expect(child.stderr.join('')).toContain(`named by ${options.overrideFileEnvVar} does not exist`);
    });
  });
}

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isTree(current) && isTree(value) ? deepMerge(current, value) : value;
  }
  return out;
}
