// Checks of what the charts ship for monitoring beyond valid Kubernetes: the Grafana dashboards'
// shape, and that every metric the dashboards and the PrometheusRules query exists — exported by
// the apps' code or recorded by a rule — so a renamed metric cannot leave a panel or alert empty.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Grafana 12's dashboard schema version; older files get migrated on load, newer ones need a newer Grafana.
export const DASHBOARD_SCHEMA_VERSION = 41;
// Series Prometheus or prom-client's default metrics provide, not the apps' own code.
const PLATFORM_METRICS = ['up', 'process_start_time_seconds'];
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];
// PromQL words that look like metric names: functions, aggregations, keywords, units in ranges.
const PROMQL_WORDS = new Set(
  'sum avg min max count topk bottomk quantile stddev stdvar count_values group by without on ignoring group_left group_right bool and or unless offset rate irate increase delta idelta deriv histogram_quantile absent absent_over_time avg_over_time max_over_time min_over_time sum_over_time count_over_time time vector scalar label_replace label_join clamp clamp_min clamp_max abs ceil floor round sort sort_desc timestamp changes resets predict_linear inf nan'.split(
    ' ',
  ),
);

/** Metric names the apps and libs register with prom-client (histograms with their suffixes). */
export function exportedMetrics(workspaceRoot) {
  const names = new Set(PLATFORM_METRICS);
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !['node_modules', 'dist', 'out-tsc'].includes(entry.name)) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const [, kind, name] of source.matchAll(
          /new (Counter|Gauge|Histogram|Summary)\(\{\s*name: '(\w+)'/g,
        )) {
          names.add(name);
          if (kind === 'Histogram') for (const suffix of HISTOGRAM_SUFFIXES) names.add(name + suffix);
        }
      }
    }
  };
  for (const top of ['apps', 'libs']) walk(join(workspaceRoot, top));
  return names;
}

/** Names of the series an expression selects (label names, strings, ranges and functions left out). */
export function metricNames(expr) {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values
    .replace(/\{[^}]*\}/g, '{}') // matchers
    .replace(/\[[^\]]*\]/g, '[]') // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '$1()') // label lists
    .replace(/\$\w+|\$\{\w+\}/g, '1'); // Grafana variables
  return [...stripped.matchAll(/(?<![\w:.])([a-zA-Z_:][\w:]*)(?![\w:]*\s*\()/g)]
    .map((m) => m[1])
    .filter((word) => !PROMQL_WORDS.has(word.toLowerCase()) && !/^\d/.test(word));
}

/** Expressions that query a metric neither exported nor recorded: `[{ where, metric }]`. */
export function unknownMetrics(queries, known) {
  return queries.flatMap(({ where, expr }) =>
    metricNames(expr)
      .filter((metric) => !known.has(metric))
      .map((metric) => ({ where, metric })),
  );
}

/** The PrometheusRule's recorded names and expressions. */
export function ruleQueries(prometheusRule) {
  const rules = (prometheusRule?.spec?.groups ?? []).flatMap((g) => g.rules);
  return {
    recorded: rules.flatMap((r) => (r.record ? [r.record] : [])),
    queries: rules.map((r) => ({ where: r.alert ?? r.record, expr: r.expr })),
  };
}

/** Every panel (rows' nested panels included) of a dashboard. */
function panels(dashboard) {
  return (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** The dashboard's PromQL: panel targets and query variables. */
export function dashboardQueries(dashboard) {
  return [
    ...panels(dashboard).flatMap((p) =>
      (p.targets ?? []).map((t) => ({ where: `panel "${p.title}" ${t.refId}`, expr: t.expr ?? '' })),
    ),
    ...(dashboard.templating?.list ?? [])
      .filter((v) => v.type === 'query')
      .map((v) => ({
        where: `variable ${v.name}`,
        expr: (v.definition ?? '').replace(/^label_values\((.*),\s*\w+\)$/, '$1'),
      })),
  ];
}

/** Problems of a dashboard's shape: schema version, uid, unique ids and positions, the datasource variable. */
export function dashboardProblems(dashboard) {
  const problems = [];
  const expect = (ok, message) => ok || problems.push(message);
  expect(
    dashboard.schemaVersion === DASHBOARD_SCHEMA_VERSION,
    `schemaVersion ${dashboard.schemaVersion}, expected ${DASHBOARD_SCHEMA_VERSION}`,
  );
  expect(
    /^[\w-]{1,40}$/.test(dashboard.uid ?? ''),
    `uid "${dashboard.uid}" is not a stable id of ≤ 40 characters`,
  );
  expect(dashboard.title, 'no title');
  expect(
    (dashboard.templating?.list ?? []).some((v) => v.type === 'datasource' && v.name === 'datasource'),
    'no datasource variable',
  );
  const ids = new Set();
  for (const panel of panels(dashboard)) {
    const name = `panel "${panel.title}"`;
    expect(Number.isInteger(panel.id) && !ids.has(panel.id), `${name}: id ${panel.id} missing or repeated`);
    ids.add(panel.id);
    const { x, y, w, h } = panel.gridPos ?? {};
    expect([x, y, w, h].every(Number.isInteger) && x + w <= 24, `${name}: gridPos outside the 24 columns`);
    if (panel.type === 'row') continue;
    expect(panel.description, `${name}: no description`);
    expect((panel.targets ?? []).length > 0, `${name}: no query`);
    for (const source of [panel.datasource, ...(panel.targets ?? []).map((t) => t.datasource)]) {
      // A fixed datasource uid breaks on every other Grafana: always the variable.
      expect(
        source?.uid === '${datasource}',
        `${name}: datasource ${JSON.stringify(source)}, not \${datasource}`,
      );
    }
  }
  return problems;
}

/** Alerts of the rule whose README has no `### <alert>` section (their runbook_url points there). */
export function undocumentedAlerts(prometheusRule, readme) {
  const headings = new Set([...readme.matchAll(/^#{3,4} (\w+)\s*$/gm)].map((m) => m[1]));
  return (prometheusRule?.spec?.groups ?? [])
    .flatMap((g) => g.rules)
    .flatMap((r) => (r.alert && !headings.has(r.alert) ? [r.alert] : []));
}
