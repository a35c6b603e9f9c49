import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CHROMIUM, withReportPage } from './lib/screenshot';

// `npm start` as a user runs it, with a small setting: 2 models × 3 tags over 2 hours (4 slots),
// plus the two troubled models of the embedded default (one skipped, one dead-lettered).
// Needs no peers; the report is opened in Debian's headless Chromium and a screenshot kept in
// dist/artifacts (a CI artifact, not committed).

const ROOT = join(__dirname, '..', '..', '..');
const ARTIFACTS = join(ROOT, 'dist', 'artifacts');

function npmStart(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start', '--', ...args], {
      cwd: ROOT,
      // The npm and node of this test run, whatever the machine's PATH holds first.
      env: {
        ...process.env,
        PATH: `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const figure = (stdout: string, row: string) => {
  const match = new RegExp(`^\\s+${row}\\s+(\\d+)`, 'm').exec(stdout);
  if (!match) throw new Error(`no "${row}" in the summary:\n${stdout}`);
  return Number(match[1]);
};

describe('npm start', () => {
  const out = mkdtempSync(join(tmpdir(), 'local-run-e2e-'));
  let run: Awaited<ReturnType<typeof npmStart>>;

  beforeAll(async () => {
    run = await npmStart(['--models', '2', '--tags', '3', '--hours', '2', '--out', out]);
  }, 240_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('finishes with every task accounted for', () => {
    expect({ code: run.code, stderr: run.stderr.replace(/npm warn.*\n/g, '') }).toEqual({
      code: 0,
      stderr: '',
    });
    const enqueued = figure(run.stdout, 'tasks enqueued');
    expect(enqueued).toBe((2 + 2) * 4);
    expect({
      succeeded: figure(run.stdout, 'succeeded'),
      skipped: figure(run.stdout, 'skipped'),
      deadLettered: figure(run.stdout, 'dead-lettered'),
    }).toEqual({ succeeded: 2 * 4, skipped: 4, deadLettered: 4 });
    expect(run.stdout).toContain(`accounted for        ${enqueued}/${enqueued} (every task has an outcome)`);
  });

  it("writes the apps' JSON logs to the output folder, not to the terminal", () => {
    expect(readdirSync(join(out, 'logs')).sort()).toEqual(['executor.jsonl', 'scheduler.jsonl']);
    const lines = readFileSync(join(out, 'logs', 'scheduler.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(
      lines.map((l) => JSON.parse(l) as { message: string }).filter((l) => l.message === 'slot enqueued'),
    ).toHaveLength(4);
    expect(run.stdout).not.toContain('"level"');
  });

  it('writes a report with one plot per healthy model, and says what the troubled ones are', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('troubled model unit-03');
    expect(html).toContain('troubled model unit-04');
    const plots = [...html.matchAll(/<figure class="plot" data-model="([^"]+)"><svg /g)].map((m) => m[1]);
    expect(plots).toEqual(['unit-01', 'unit-02']);
  });

  const chromium = existsSync(CHROMIUM) ? it : it.skip;
  chromium(
    'opens offline in a headless Chromium, which draws every plot; a screenshot is kept',
    async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const screenshot = join(ARTIFACTS, 'local-run-report.png');
      const { requests, drawn } = await withReportPage(join(out, 'report.html'), async (page) => {
        const seen: string[] = [];
        page.on('request', (r) => seen.push(r.url()));
        await page.reload({ waitUntil: 'load' });
        const heights = await page.$$eval('figure.plot svg', (svgs) =>
          svgs.map((s) => s.getBoundingClientRect().height),
        );
        await page.screenshot({ path: screenshot, fullPage: true });
        return { requests: seen, drawn: heights };
      });
      expect(requests).toEqual([expect.stringMatching(/^file:\/\/.*report\.html$/)]);
      expect(drawn).toHaveLength(2);
      for (const height of drawn) expect(height).toBeGreaterThan(300);
      expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
    },
    60_000,
  );
});
