// The charts' PrometheusRule as promtool sees it: rendered with helm, its spec.groups written to a
// rules file next to copies of the chart's rule tests (tests/prometheus/*.test.yaml), then
// `promtool check rules` and `promtool test rules`.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';

export interface RuleGroup {
  name: string;
  rules: Array<{ alert?: string; record?: string; expr: string; [key: string]: unknown }>;
}

export interface ToolRun {
  ok: boolean;
  output: string;
}

/** The release and namespace the rule tests are written against (their series' labels). */
export const RELEASE_NAMESPACE = 'latigo';

function run(command: string, args: string[], cwd?: string): ToolRun {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) return { ok: false, output: `cannot run ${command}: ${result.error.message}` };
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

/** $PROMTOOL, else promtool on PATH (Debian's `prometheus` package); undefined when neither runs. */
export function findPromtool(): string | undefined {
  const candidate = process.env['PROMTOOL'] ?? 'promtool';
  return run(candidate, ['--version']).ok ? candidate : undefined;
}

/** Like src/helm.mjs: $HELM, else $LATIGO_CACHE_DIR/bin/helm (where .ci/run installs it), else PATH. */
export function findHelm(): string | undefined {
  const cacheDir = process.env['LATIGO_CACHE_DIR'] ?? join(homedir(), '.cache', 'latigo');
  const cached = join(cacheDir, 'bin', 'helm');
  const candidate = process.env['HELM'] ?? (existsSync(cached) ? cached : 'helm');
  return run(candidate, ['version', '--short']).ok ? candidate : undefined;
}

/** spec.groups of the chart's PrometheusRule, rendered as release latigo-<app> with `valuesFile`. */
export function renderRuleGroups(
  helm: string,
  chartDir: string,
  app: string,
  valuesFile: string,
): RuleGroup[] {
  const out = run(helm, [
    'template',
    `latigo-${app}`,
    chartDir,
    '--namespace',
    RELEASE_NAMESPACE,
    '--kube-version',
    '1.34.0',
    '-f',
    valuesFile,
    '--show-only',
    'templates/prometheusrule.yaml',
  ]);
  if (!out.ok) throw new Error(`helm template ${chartDir} failed:\n${out.output}`);
  const [rule] = parseAllDocuments(out.output)
    .map((doc) => doc.toJS())
    .filter(Boolean);
  return rule.spec.groups;
}

/** The chart's rule tests: file name → parsed content. */
export function ruleTests(testsDir: string): Map<string, { tests: PromtoolTest[] }> {
  const files = readdirSync(testsDir).filter((f) => f.endsWith('.test.yaml'));
  return new Map(files.map((f) => [f, parse(readFileSync(join(testsDir, f), 'utf8'))]));
}

export interface PromtoolTest {
  name: string;
  alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }>;
}

/** `promtool check rules` and `promtool test rules` on `groups` with the tests of `testsDir`. */
export function promtoolRules(
  promtool: string,
  groups: RuleGroup[],
  testsDir: string,
): { check: ToolRun; test: ToolRun } {
  const dir = mkdtempSync(join(tmpdir(), 'latigo-rules-'));
  try {
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups }));
    const tests = readdirSync(testsDir).filter((f) => f.endsWith('.test.yaml'));
    for (const file of tests) copyFileSync(join(testsDir, file), join(dir, file));
    return {
      check: run(promtool, ['check', 'rules', 'rules.yaml'], dir),
      test: run(promtool, ['test', 'rules', ...tests], dir),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
