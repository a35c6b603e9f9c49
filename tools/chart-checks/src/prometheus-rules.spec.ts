import { join } from 'node:path';
import {
  findHelm,
  findPromtool,
  promtoolRules,
  renderRuleGroups,
  ruleTests,
  type RuleGroup,
} from './prometheus-rules';

const root = join(__dirname, '..', '..', '..');
const chart = (app: string) => ({
  app,
  dir: join(root, 'charts', app),
  tests: join(root, 'charts', app, 'tests', 'prometheus'),
});
const CHARTS = ['scheduler', 'executor'].map(chart);

const promtool = findPromtool();
const helm = findHelm();
const missing = [
  !promtool && 'promtool (apt-get install prometheus)',
  !helm && 'helm (tools/chart-checks/install-helm.sh)',
]
  .filter(Boolean)
  .join(' and ');
if (missing) {
  // Said out loud: a skipped suite must not read as a passed one. .ci/run installs both.
  console.warn(`SKIPPED the promtool rule tests: ${missing} not found`);
}
const describeWithTools = missing ? describe.skip : describe;

/** The groups with one rule's expr changed (the rule named by `alert` or `record`). */
function withExpr(groups: RuleGroup[], name: string, change: (expr: string) => string): RuleGroup[] {
  let found = false;
  const changed = groups.map((g) => ({
    ...g,
    rules: g.rules.map((r) => {
      if (r.alert !== name && r.record !== name) return r;
      found = true;
      const expr = change(r.expr);
      if (expr === r.expr) throw new Error(`the change left ${name} as it was`);
      return { ...r, expr };
    }),
  }));
  if (!found) throw new Error(`no rule ${name}`);
  return changed;
}

describeWithTools(
  `promtool on the charts' PrometheusRules${missing ? ` (SKIPPED: no ${missing})` : ''}`,
  () => {
    const tools = { helm: helm ?? 'helm', promtool: promtool ?? 'promtool' }; // both found, or skipped
    const groupsByApp = new Map(
      CHARTS.map((c) => [c.app, renderRuleGroups(tools.helm, c.dir, c.app, join(c.tests, 'values.yaml'))]),
    );
    const rendered = (app: string): RuleGroup[] => groupsByApp.get(app) ?? [];
    const testOf = (app: string, groups: RuleGroup[]) =>
      promtoolRules(tools.promtool, groups, chart(app).tests);

    it.each(CHARTS.map((c) => c.app))('the %s rules pass promtool check rules and test rules', (app) => {
      const { check, test } = testOf(app, rendered(app));
      // On failure the assertion shows promtool's own report.
      expect(check.ok ? 'ok' : check.output).toBe('ok');
      expect(test.ok ? 'ok' : test.output).toBe('ok');
    });

    it.each(CHARTS.map((c) => c.app))('every %s alert has a firing and a quiet test case', (app) => {
      const alerts = rendered(app).flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));
      const cases = [...ruleTests(chart(app).tests).values()].flatMap((f) =>
        f.tests.flatMap((t) => t.alert_rule_test ?? []),
      );
      const uncovered = alerts.flatMap((alert) => {
        const own = cases.filter((c) => c.alertname === alert);
        return [
          ...(own.some((c) => (c.exp_alerts ?? []).length > 0) ? [] : [`${alert}: no firing case`]),
          ...(own.some((c) => (c.exp_alerts ?? []).length === 0) ? [] : [`${alert}: no quiet case`]),
        ];
      });
      expect(alerts.length).toBeGreaterThan(3);
      expect(uncovered).toEqual([]);
    });

    // Each change below is a plausible mistake; the unit tests must catch it.
    it.each([
      [
        'executor',
        'LatigoTaskSuccessBudgetBurnFast',
        'a fast burn that forgets bursts leave the short window empty',
        (e: string) => e.replace(/\s+or\s+latigo_executor:tasks_final:rate5m == 0/, ''),
        'page between the bursts',
      ],
      [
        'executor',
        'LatigoTaskSuccessBudgetBurnFast',
        'a fast burn threshold ten times too high',
        (e: string) => e.replaceAll('14.4 *', '144 *'),
        'burn the budget fast',
      ],
      [
        'executor',
        'LatigoDeadLettersGrowing',
        'a dead-letter alert blind to a new series',
        (e: string) => e.replace(/\(\S+ unless \S+ offset 1h\)\s+or\s+/, ''),
        "a pod's first dead letter",
      ],
      [
        'scheduler',
        'latigo_scheduler:models_stale:count',
        'a freshness limit without the grace',
        (e: string) => e.replace('13500', '12500'),
        'just within the limit',
      ],
      [
        'scheduler',
        'LatigoSchedulerSlotLate',
        'a slot-late alert that counts from 1970 before the first slot',
        (e: string) => e.replace(/\s*> 0\s+or\s+process_start_time_seconds\{[^}]*\}/, ''),
        'counts from its start',
      ],
      [
        'scheduler',
        'LatigoSchedulerSlotLate',
        'a slot-late alert blind to a scheduler that never enqueued',
        (e: string) => e.replace(/\s+or\s+process_start_time_seconds\{[^}]*\}/, ''),
        'never enqueued',
      ],
    ])(
      'negative: promtool test rules fails on %s rule %s with %s',
      (app, name, _why, change, failingTest) => {
        const { check, test } = testOf(app, withExpr(rendered(app), name, change));
        expect(check.ok ? 'ok' : check.output).toBe('ok');
        expect(test.ok).toBe(false);
        expect(test.output).toContain(failingTest);
      },
    );

    it('negative: promtool check rules rejects an expression that does not parse', () => {
      const broken = withExpr(rendered('executor'), 'LatigoConsumerLagHigh', (e) =>
        e.replace('sum by', 'sum bye'),
      );
      const { check } = testOf('executor', broken);
      expect(check.ok).toBe(false);
      expect(check.output).toMatch(/parse error/);
    });
  },
);
