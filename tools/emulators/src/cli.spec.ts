import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';

// Runs the built CLI (the test target depends on the build) as an operator would.
const CLI = join(__dirname, '..', 'bin', 'latigo-emulators.cjs');

describe('latigo-emulators CLI', () => {
  it('starts the named emulators on free ports, writes their environment, answers, and stops on SIGTERM', async () => {
    const envFile = join(mkdtempSync(join(tmpdir(), 'latigo-cli-')), 'emulators.env');
    const child = spawn(
      process.execPath,
      [CLI, 'timeseries', 'gordo', '--seed', '5', '--write-env', envFile],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      for (let i = 0; i < 100 && !output.includes('Ctrl-C stops'); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('Ctrl-C stops');
      const env = Object.fromEntries(
        readFileSync(envFile, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split('=', 2) as [string, string]),
      );
      expect(Object.keys(env).sort()).toEqual([
        'LATIGO_EMULATOR_GORDO_PROJECT',
        'LATIGO_EMULATOR_GORDO_URL',
        'LATIGO_EMULATOR_TIMESERIES_URL',
      ]);
      const series = await request(`${env['LATIGO_EMULATOR_TIMESERIES_URL']}/?name=tag-1&facility=1903`);
      expect(((await series.body.json()) as { data: { items: unknown[] } }).data.items).toHaveLength(1);
      const revisions = await request(`${env['LATIGO_EMULATOR_GORDO_URL']}/gordo/v0/latigo-test/revisions`);
      expect(await revisions.body.text()).toContain('"latest": "1700000001000"');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses an unknown emulator name with a clear message', async () => {
    const child = spawn(process.execPath, [CLI, 'kafka'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('unknown emulator(s): kafka (known: token, timeseries, metadata, gordo)');
  });
});
