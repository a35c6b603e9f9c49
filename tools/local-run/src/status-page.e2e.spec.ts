import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { CHROMIUM, withPage } from './lib/screenshot';

// The embedded default with its two troubled models (2 healthy + 1 skipped + 1 dead-lettered,
// over 2 hours: 4 slots, 16 tasks), kept serving with --serve: the scheduler's /status page and
// its JSON as a person and `latigo status --url` see them. The built CLI is started directly (the
// nx test target builds it first), so Ctrl-C reaches the run itself and not npm.

const ROOT = join(__dirname, '..', '..', '..');
const ARTIFACTS = join(ROOT, 'dist', 'artifacts');
const PROJECT = 'latigo-local';

interface Served {
  child: ChildProcessByStdio<null, Readable, Readable>;
  stdout: () => string;
  stderr: () => string;
  statusUrl: string;
  exit: Promise<number | null>;
}

/** Starts the run and resolves once it says it is serving /status (or rejects if it exits first). */
function serveRun(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [join(ROOT, 'tools/local-run/bin/latigo-local-run.cjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const serving = /^serving (http:\/\/\S+\/status) until Ctrl-C$/m.exec(stdout);
      if (serving)
        resolve({ child, stdout: () => stdout, stderr: () => stderr, statusUrl: serving[1] as string, exit });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    void exit.then((code) =>
      reject(new Error(`the run exited (${code}) before serving:\n${stdout}\n${stderr}`)),
    );
  });
}

const figure = (stdout: string, row: string) => {
  const match = new RegExp(`^\\s+${row}\\s+(\\d+)`, 'm').exec(stdout);
  if (!match) throw new Error(`no "${row}" in the summary:\n${stdout}`);
  return Number(match[1]);
};

interface ReportJson {
  slots: {
    slot: string;
    project: string;
    expected: number;
    enqueued: number;
    succeeded: number;
    skipped: number;
    failed: number;
    inFlight: number;
  }[];
  stale: { project: string; model: string; latest?: { state: string; code?: string; reason?: string } }[];
  deadLetters: { model: string; state: string; attempt: number; code?: string; reason?: string }[];
}

/** The `latigo` CLI of @latigo/task-status, when it is built (the test target builds dependencies first). */
function latigoBin(): string | undefined {
  const lib = join(ROOT, 'libs/task-status');
  const pkg = JSON.parse(readFileSync(join(lib, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['latigo'];
  return bin && existsSync(join(lib, bin)) && existsSync(join(lib, 'dist/cli.js'))
    ? join(lib, bin)
    : undefined;
}

function runCli(
  file: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the status page of a local run (--serve)', () => {
  const out = mkdtempSync(join(tmpdir(), 'local-run-status-e2e-'));
  let run: Served;
  let tally: { enqueued: number; succeeded: number; skipped: number; deadLettered: number };

  beforeAll(async () => {
    run = await serveRun(['--models', '2', '--tags', '3', '--hours', '2', '--serve', '--out', out]);
    const stdout = run.stdout();
    tally = {
      enqueued: figure(stdout, 'tasks enqueued'),
      succeeded: figure(stdout, 'succeeded'),
      skipped: figure(stdout, 'skipped'),
      deadLettered: figure(stdout, 'dead-lettered'),
    };
  }, 240_000);

  afterAll(async () => {
    if (run && run.child.exitCode === null) {
      run.child.kill('SIGINT');
      await run.exit;
    }
    rmSync(out, { recursive: true, force: true });
  }, 30_000);

  it('ends the run with every task accounted for, a skipped and a dead-lettered model among them', () => {
    expect(tally).toEqual({ enqueued: 16, succeeded: 8, skipped: 4, deadLettered: 4 });
    expect(run.stdout()).toContain('accounted for        16/16 (every task has an outcome)');
    expect(run.stdout()).toMatch(/^status: http:\/\/127\.0\.0\.1:\d+\/status$/m);
  });

  it('serves the report as JSON, matching the tally', async () => {
    const res = await fetch(run.statusUrl.replace(/\/status$/, '/status.json?slots=6'));
    expect(res.status).toBe(200);
    const report = (await res.json()) as ReportJson;
    expect(report.slots).toHaveLength(4);
    const sum = (key: 'enqueued' | 'succeeded' | 'skipped' | 'failed' | 'inFlight') =>
      report.slots.reduce((n, s) => n + s[key], 0);
    expect({
      enqueued: sum('enqueued'),
      succeeded: sum('succeeded'),
      skipped: sum('skipped'),
      deadLettered: sum('failed'),
      inFlight: sum('inFlight'),
    }).toEqual({ ...tally, inFlight: 0 });
    expect(report.stale.map((m) => [m.model, m.latest?.state, m.latest?.code])).toEqual([
      ['unit-03', 'skipped', 'EXECUTOR_NO_DATA'],
      ['unit-04', 'dead_lettered', 'EXECUTOR_TAG_AMBIGUOUS'],
    ]);
    expect(report.deadLetters.map((t) => [t.model, t.attempt, t.code])).toEqual(
      Array.from({ length: 4 }, () => ['unit-04', 1, 'EXECUTOR_TAG_AMBIGUOUS']),
    );
  });

  const cli = latigoBin();
  (cli ? it : it.skip)('answers `latigo status --url` with the same figures', async () => {
    const url = run.statusUrl.replace(/\/status$/, '');
    const status = await runCli(cli as string, ['status', '--url', url]);
    expect({ code: status.code, stderr: status.stderr }).toEqual({ code: 0, stderr: '' });
    for (const shown of ['unit-03', 'EXECUTOR_NO_DATA', 'unit-04', 'EXECUTOR_TAG_AMBIGUOUS'])
      expect(status.stdout).toContain(shown);
    const json = await runCli(cli as string, ['status', '--url', url, '--slots', '6', '--json']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as ReportJson).deadLetters).toHaveLength(tally.deadLettered);
    const model = await runCli(cli as string, ['status', '--url', url, '--model', `${PROJECT}/unit-04`]);
    expect({ code: model.code, stderr: model.stderr }).toEqual({ code: 0, stderr: '' });
    expect(model.stdout).toContain('names series in 2 facilities');
  });

  const chromium = existsSync(CHROMIUM) ? it : it.skip;
  chromium(
    'shows a person the slots, the stale models and why, and the dead letters; its JSON links work',
    async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const screenshot = join(ARTIFACTS, 'status-page.png');
      const origin = new URL(run.statusUrl).origin;
      const seen = await withPage(
        run.statusUrl,
        async (page) => {
          const requests: string[] = [];
          page.on('request', (r) => requests.push(r.url()));
          await page.reload({ waitUntil: 'load' });
          const cells = (selector: string) =>
            page.$$eval(selector, (rows) =>
              rows.map((row) =>
                [...row.querySelectorAll('td')].map((td) => (td as { innerText: string }).innerText.trim()),
              ),
            );
          const slots = await cells('#slots tbody tr');
          const stale = await cells('#stale tbody tr');
          const deadLetters = await cells('#dead-letters tbody tr');
          const totals = await page.locator('ul.totals').innerText();
          await page.screenshot({ path: screenshot, fullPage: true });

          await page.click('footer a[href^="/status.json"]');
          const json = JSON.parse(await page.locator('body').innerText()) as ReportJson;
          await page.goBack();
          await page.click(`#dead-letters a[href="/status/models/${PROJECT}/unit-04.json"]`);
          const history = JSON.parse(await page.locator('body').innerText()) as {
            model: string;
            tasks: { state: string }[];
          };
          return { requests, slots, stale, deadLetters, totals, json, history };
        },
        { viewport: { width: 1200, height: 900 }, offline: false },
      );

      // The page fetched nothing but itself: no external assets.
      expect(seen.requests.every((url) => url.startsWith(origin))).toBe(true);
      // slot, project, outcomes, expected, enqueued, succeeded, skipped, dead-lettered, in flight, lag
      expect(seen.slots).toHaveLength(4);
      for (const row of seen.slots)
        expect(row.slice(1, 9)).toEqual([PROJECT, '', '4', '4', '2', '1', '1', '0']);
      expect(seen.totals.replace(/\s+/g, ' ')).toBe(
        `${tally.enqueued} tasks ${tally.succeeded} succeeded ${tally.skipped} skipped ${tally.deadLettered} dead-lettered 0 in flight 2 stale models`,
      );
      // model, predictions up to, latest task, code, why
      expect(seen.stale.map((row) => [row[0], row[1], row[2]?.split('\n')[0], row[3], row[4]])).toEqual([
        [
          `${PROJECT}/unit-03`,
          'never in the retention',
          'skipped',
          'EXECUTOR_NO_DATA',
          expect.stringContaining('no series for tag unit-03.FT-103 in facility 1903'),
        ],
        [
          `${PROJECT}/unit-04`,
          'never in the retention',
          'dead-lettered',
          'EXECUTOR_TAG_AMBIGUOUS',
          expect.stringMatching(
            /^ExecutorError: tag unit-04\.TT-101 names series in 2 facilities \(190[34], 190[34]\)/,
          ),
        ],
      ]);
      // slot, model, attempts, code, reason, at
      expect(seen.deadLetters).toHaveLength(4);
      for (const row of seen.deadLetters) {
        expect(row.slice(1, 4)).toEqual([`${PROJECT}/unit-04`, '1', 'EXECUTOR_TAG_AMBIGUOUS']);
        expect(row[4]).toContain('names series in 2 facilities');
      }
      expect(seen.json.slots).toHaveLength(4);
      expect(seen.history.model).toBe('unit-04');
      expect(seen.history.tasks.map((t) => t.state)).toEqual(
        Array.from({ length: 4 }, () => 'dead_lettered'),
      );
      expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
      // The README's image, made on request only (it is committed).
      if (process.env['UPDATE_DOC_IMAGES'] === '1')
        copyFileSync(screenshot, join(ROOT, 'docs/images/status-page.png'));
    },
    60_000,
  );

  it('stops on Ctrl-C with exit code 0: every task had an outcome', async () => {
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
  }, 30_000);
});
