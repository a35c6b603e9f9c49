#!/usr/bin/env node
// The chart checks of .ci/run: for charts/scheduler and charts/executor, helm lint --strict, helm
// template of every scenario (values.yaml, ci/*.yaml, examples/*.yaml), the rendered objects
// validated offline (Kubernetes, KEDA, Prometheus Operator schemas + unknown fields), the charts'
// contracts, the values against values.schema.json (ajv), the app's --check-config on every rendered
// config, appVersion = the app's version, documented values, fresh READMEs, identical shared
// templates; then negative checks proving that each of those rejects what it should.
// Needs helm (see install-helm.sh) and the built apps (apps/*/dist/main.js).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { checkAppConfig } from '../src/app-config-check.mjs';
import { contractProblems } from '../src/chart-contracts.mjs';
import { mergeValues, readYaml, scenarios, undocumented, valuesValidator } from '../src/chart-values.mjs';
import { lint, template } from '../src/helm.mjs';
import { notesRenderer } from '../src/notes.mjs';
import { parseManifests, validateManifests } from '../src/manifest-validator.mjs';
import { withParameters } from '../src/params-table.mjs';
import {
  dashboardProblems,
  dashboardQueries,
  exportedMetrics,
  ruleQueries,
  undocumentedAlerts,
  unknownMetrics,
} from '../src/monitoring-checks.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const CHARTS = ['scheduler', 'executor'].map((app) => ({ app, dir: join(root, 'charts', app) }));
// Templates both charts share byte for byte; _app.tpl and the executor's autoscaling differ.
const SHARED = [
  '_common.tpl',
  'deployment.yaml',
  'configmap.yaml',
  'service.yaml',
  'serviceaccount.yaml',
  'servicemonitor.yaml',
  'pdb.yaml',
  'networkpolicy.yaml',
  'extra-list.yaml',
  '_monitoring.tpl',
  'prometheusrule.yaml',
  'grafana-dashboard.yaml',
];
// server.shutdown_timeout_ms when neither the image's defaults.yaml nor the config set it
// (libs/config-loader's schema default).
const SCHEMA_DEFAULT_SHUTDOWN_MS = 25000;

const started = Date.now();
let failures = 0;
const report = (ok, name, details = []) => {
  if (!ok) failures++;
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}\n`);
  for (const line of ok ? [] : details) process.stdout.write(`       ${line}\n`);
};

// 1. Per chart: lint, schema, documentation, appVersion, rendering of every scenario.
const rendered = [];
for (const chart of CHARTS) {
  const valuesText = readFileSync(join(chart.dir, 'values.yaml'), 'utf8');
  const defaults = parse(valuesText);
  const validateValues = valuesValidator(chart.dir);

  // The chart's idea of the app must match the app: its default shutdown timeout, and the
  // executor's drain share (DRAIN_SHARE in apps/executor/src/composition-root.ts).
  const appTpl = readFileSync(join(chart.dir, 'templates', '_app.tpl'), 'utf8');
  const appDefaults = readYaml(join(root, 'apps', chart.app, 'config', 'defaults.yaml'));
  chart.defaultShutdownMs = appDefaults.server?.shutdown_timeout_ms ?? SCHEMA_DEFAULT_SHUTDOWN_MS;
  const tplShutdown = Number(appTpl.match(/"latigo\.app\.defaultShutdownTimeoutMs" -}}(\d+)/)?.[1]);
  report(
    tplShutdown === chart.defaultShutdownMs,
    `${chart.app}: _app.tpl's default shutdown timeout = apps/${chart.app}/config/defaults.yaml's`,
    [`_app.tpl: ${tplShutdown}, defaults.yaml: ${chart.defaultShutdownMs}`],
  );
  if (chart.app === 'scheduler') {
    // The freshness limit's defaults when config.scheduler leaves them out.
    const rulesTpl = readFileSync(join(chart.dir, 'templates', '_rules.tpl'), 'utf8');
    const tplDefault = (name) => rulesTpl.match(new RegExp(`"latigo\\.rules\\.${name}" -}}([^{]+){{`))?.[1];
    const [interval, delay] = [tplDefault('defaultInterval'), tplDefault('defaultDelay')];
    report(
      interval === appDefaults.scheduler.continuous_prediction_interval &&
        delay === appDefaults.scheduler.continuous_prediction_delay,
      `scheduler: _rules.tpl's default interval and delay = apps/scheduler/config/defaults.yaml's`,
      [
        `_rules.tpl: ${interval}, ${delay}; defaults.yaml: ${appDefaults.scheduler.continuous_prediction_interval}, ${appDefaults.scheduler.continuous_prediction_delay}`,
      ],
    );
  }
  if (chart.app === 'executor') {
    const source = readFileSync(join(root, 'apps', 'executor', 'src', 'composition-root.ts'), 'utf8');
    const share = Number(source.match(/const DRAIN_SHARE = ([0-9.]+)/)?.[1]);
    const percent = Number(appTpl.match(/"latigo\.app\.drainPercent" -}}(\d+)/)?.[1]);
    report(
      Math.round(share * 100) === percent,
      `executor: _app.tpl's drain share = the executor's DRAIN_SHARE`,
      [`_app.tpl: ${percent} %, composition-root.ts: ${share}`],
    );
  }

  const chartYaml = readYaml(join(chart.dir, 'Chart.yaml'));
  const pkg = JSON.parse(readFileSync(join(root, 'apps', chart.app, 'package.json'), 'utf8'));
  report(
    chartYaml.appVersion === pkg.version,
    `${chart.app}: appVersion ${chartYaml.appVersion} = apps/${chart.app} version`,
    [`package.json has ${pkg.version}`],
  );

  const { missing, stale } = undocumented(valuesText);
  report(missing.length + stale.length === 0, `${chart.app}: every value has a @param`, [
    ...missing.map((p) => `no @param: ${p}`),
    ...stale.map((p) => `@param of a missing key: ${p}`),
  ]);
  const readme = readFileSync(join(chart.dir, 'README.md'), 'utf8');
  report(withParameters(readme, valuesText) === readme, `${chart.app}: README parameters match values.yaml`, [
    'run node tools/chart-checks/bin/chart-readme.mjs',
  ]);

  const notes = notesRenderer(chart.dir);
  for (const scenario of scenarios(chart.dir)) {
    const label = `${chart.app} ${scenario.name}`;
    const values = scenario.file ? mergeValues(defaults, readYaml(scenario.file)) : defaults;
    const schemaProblems = validateValues(values);
    report(schemaProblems.length === 0, `${label}: values match values.schema.json (ajv)`, schemaProblems);
    const linted = lint(chart.dir, scenario.file);
    report(linted.ok, `${label}: helm lint --strict`, [linted.stdout, linted.stderr]);
    const out = template(chart.dir, scenario.file);
    report(out.ok, `${label}: helm template`, [out.stderr]);
    if (out.ok) rendered.push({ chart, label, values, manifests: parseManifests(out.stdout, label) });
    const note = notes.render(scenario.file);
    report(note.ok && note.notes.includes('kubectl'), `${label}: NOTES.txt renders`, [
      note.error ?? note.notes,
    ]);
  }
  notes.dispose();
}

for (const file of SHARED) {
  const [a, b] = CHARTS.map((c) => readFileSync(join(c.dir, 'templates', file), 'utf8'));
  report(a === b, `shared template ${file} is identical in both charts`);
}

// 2. Every rendered object against the offline schemas, in one pass (one TypeScript program).
const all = rendered.flatMap((r) => r.manifests);
const problems = await validateManifests(all);
report(
  problems.length === 0,
  `${all.length} rendered objects of ${rendered.length} scenarios are valid Kubernetes`,
  problems.map((p) => `${p.where} ${p.id}: ${p.problem}`),
);

// 3. Contracts and the app's own config validation, per scenario.
for (const { chart, label, values, manifests } of rendered) {
  const objects = manifests.map((m) => m.object);
  const broken = contractProblems({
    app: chart.app,
    objects,
    values,
    defaultShutdownMs: chart.defaultShutdownMs,
  });
  report(broken.length === 0, `${label}: chart contracts`, broken);
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.data?.['config.yaml']);
  const container = objects.find((o) => o.kind === 'Deployment')?.spec.template.spec.containers[0];
  // The chart's own defaults leave the endpoints out on purpose: only real scenarios must start.
  if (configMap && container && label !== `${chart.app} defaults`) {
    const result = checkAppConfig({
      workspaceRoot: root,
      app: chart.app,
      configYaml: configMap.data['config.yaml'],
      container,
    });
    report(
      result.ok,
      `${label}: apps/${chart.app} --check-config accepts the rendered config`,
      result.output.split('\n'),
    );
  }
}

// 3b. Monitoring: the rules and dashboards query only metrics that exist, the dashboards have the
// expected shape, and every alert has its README section (the target of its runbook_url).
const metrics = exportedMetrics(root);
const isDashboard = (o) =>
  o.kind === 'ConfigMap' && Object.keys(o.data ?? {}).some((k) => k.endsWith('.json'));
let monitoringScenarios = 0;
for (const { chart, label, manifests } of rendered) {
  const objects = manifests.map((m) => m.object);
  const rule = objects.find((o) => o.kind === 'PrometheusRule');
  const dashboards = objects.filter(isDashboard);
  if (!rule && dashboards.length === 0) continue;
  monitoringScenarios++;
  // The dashboards read the recording rules of the chart's own PrometheusRule.
  const recorded = ruleQueries(
    rule ??
      rendered
        .find((r) => r.chart === chart && r.manifests.some((m) => m.object.kind === 'PrometheusRule'))
        ?.manifests.find((m) => m.object.kind === 'PrometheusRule')?.object,
  ).recorded;
  const known = new Set([...metrics, ...recorded]);
  const queries = [
    ...(rule ? ruleQueries(rule).queries : []),
    ...dashboards.flatMap((d) => Object.values(d.data).flatMap((json) => dashboardQueries(JSON.parse(json)))),
  ];
  const unknown = unknownMetrics(queries, known);
  report(
    unknown.length === 0,
    `${label}: the rules and dashboard query only exported or recorded metrics`,
    unknown.map((u) => `${u.where}: ${u.metric}`),
  );
  for (const d of dashboards) {
    for (const [file, json] of Object.entries(d.data)) {
      const problems = dashboardProblems(JSON.parse(json));
      report(problems.length === 0, `${label}: dashboard ${file} is well-formed`, problems);
    }
  }
  if (rule) {
    const missingSections = undocumentedAlerts(rule, readFileSync(join(chart.dir, 'README.md'), 'utf8'));
    report(
      missingSections.length === 0,
      `${label}: every alert has a README section (its runbook_url)`,
      missingSections,
    );
  }
}
report(
  monitoringScenarios >= 2,
  `the PrometheusRule and dashboard are rendered in ${monitoringScenarios} scenarios (≥ 2)`,
);

// 4. Negative checks: each must be rejected, for the stated reason.
const [scheduler, executor] = CHARTS;
const keda = join(executor.dir, 'ci', 'keda-values.yaml');
const mustFailRendering = [
  [scheduler, undefined, ['--set', 'replicaCount=2'], /replicaCount/, 'two schedulers'],
  [scheduler, undefined, ['--set', 'replicaCont=1'], /replicaCont/, 'a misspelt value key'],
  [
    scheduler,
    undefined,
    ['--set', 'terminationGracePeriodSeconds=20'],
    /terminationGracePeriodSeconds/,
    'a grace period shorter than the shutdown timeout',
  ],
  [
    executor,
    undefined,
    ['--set', 'terminationGracePeriodSeconds=60'],
    /terminationGracePeriodSeconds/,
    'a grace period shorter than the shutdown timeout',
  ],
  [
    executor,
    undefined,
    ['--set', 'longestTaskSeconds=80'],
    /drain budget/,
    'a task longer than the drain budget',
  ],
  [
    executor,
    undefined,
    ['--set', 'replicaCount=9'],
    /must not exceed partitions/,
    'more replicas than partitions',
  ],
  [
    executor,
    keda,
    ['--set', 'keda.maxReplicaCount=17'],
    /must not exceed partitions/,
    'KEDA max replicas above partitions',
  ],
  [executor, keda, ['--set', 'autoscaling.hpa.enabled=true'], /not both/, 'KEDA and an HPA together'],
  [executor, keda, ['--set', 'existingSecret='], /existingSecret/, 'KEDA SASL without the secret'],
  [executor, keda, ['--set', 'keda.kafka.topic='], /keda.kafka.topic/, 'KEDA without a topic'],
  [
    executor,
    undefined,
    ['--set', 'workloadIdentity.enabled=true'],
    /clientId/,
    'workload identity without a client id',
  ],
  [
    scheduler,
    undefined,
    [
      '--set',
      'prometheusRule.enabled=true',
      '--set',
      'config.scheduler.continuous_prediction_delay=1 days 02:00:00',
    ],
    /limitSeconds/,
    'a freshness limit it cannot derive from the config',
  ],
  [
    executor,
    undefined,
    ['--set', 'prometheusRule.enabled=true', '--set', 'prometheusRule.taskSuccess.objective=1'],
    /objective/,
    'an objective of 100 % (no error budget)',
  ],
  [
    executor,
    undefined,
    ['--set', 'keda.kafka.lagThreshold=many'],
    /lagThreshold/,
    'a string where the schema wants an integer',
  ],
];
for (const [chart, valuesFile, args, reason, why] of mustFailRendering) {
  const out = template(chart.dir, valuesFile, args);
  report(!out.ok && reason.test(out.stderr), `negative: helm template rejects ${why} (${args.join(' ')})`, [
    out.ok ? 'it rendered' : `wrong reason: ${out.stderr}`,
  ]);
}

const kedaRun = rendered.find((r) => r.label === 'executor ci/keda-values.yaml');
const mutate = (kind, change) =>
  kedaRun.manifests.map((m) => {
    const object = structuredClone(m.object);
    if (object.kind === kind) change(object);
    return { ...m, object };
  });
const mustFailValidation = [
  [
    'Deployment',
    (o) => {
      o.spec.template.spec.containers[0].readinesProbe = o.spec.template.spec.containers[0].readinessProbe;
    },
    /unknown field .*readinesProbe/,
    'a misspelt field',
  ],
  [
    'Deployment',
    (o) => {
      o.spec.template.spec.securityContext.runAsUser = '1000';
    },
    /runAsUser must be integer/,
    'a string where an integer belongs',
  ],
  [
    'ScaledObject',
    (o) => {
      o.spec.triggers[0].metadata.lagThreshold = 40;
    },
    /lagThreshold must be string/,
    'a KEDA trigger value that is not a string',
  ],
  [
    'ScaledObject',
    (o) => {
      o.spec.maxReplicas = 4;
    },
    /unknown field \/spec\/maxReplicas/,
    'an HPA field',
  ],
  [
    'Service',
    (o) => {
      o.apiVersion = 'v2';
    },
    /no schema for apiVersion v2/,
    'an unknown apiVersion',
  ],
  [
    'PodDisruptionBudget',
    (o) => {
      delete o.spec.selector;
      o.spec.selectr = {};
    },
    /unknown field \/spec\/selectr/,
    'a misspelt selector',
  ],
];
for (const [kind, change, reason, why] of mustFailValidation) {
  const found = (await validateManifests(mutate(kind, change))).map((p) => p.problem);
  report(
    found.some((p) => reason.test(p)),
    `negative: the manifest validator rejects ${why} in a ${kind}`,
    found.length ? found : ['no problem found'],
  );
}

const brokenChart = join(mkdtempSync(join(tmpdir(), 'latigo-broken-notes-')), 'chart');
cpSync(scheduler.dir, brokenChart, { recursive: true });
writeFileSync(join(brokenChart, 'templates', 'NOTES.txt'), '{{ include "latigo.nothing" . }}\n');
const brokenNotes = notesRenderer(brokenChart);
const brokenRender = brokenNotes.render(undefined);
brokenNotes.dispose();
rmSync(join(brokenChart, '..'), { recursive: true, force: true });
report(
  !brokenRender.ok && /latigo.nothing/.test(brokenRender.error),
  'negative: a NOTES.txt calling a missing template fails',
  [brokenRender.error ?? 'it rendered'],
);

const executorValues = mergeValues(readYaml(join(executor.dir, 'values.yaml')), readYaml(keda));
const schemaErrors = valuesValidator(executor.dir)(
  mergeValues(executorValues, { image: { pulPolicy: 'Always' }, keda: { minReplicaCount: -1 } }),
);
report(
  schemaErrors.some((e) => e.includes('pulPolicy')) &&
    schemaErrors.some((e) => e.includes('minReplicaCount')),
  'negative: ajv rejects a misspelt key and a negative replica count',
  schemaErrors,
);

const undocumentedKey = undocumented(`## @param a A\na: 1\nb:\n  c: 2\n## @param d D\n`);
report(
  undocumentedKey.missing.includes('b.c') && undocumentedKey.stale.includes('d'),
  'negative: the @param check finds an undocumented key and a stale @param',
  [JSON.stringify(undocumentedKey)],
);

const hardened = kedaRun.manifests.map((m) => m.object);
const softened = structuredClone(hardened);
const softContainer = softened.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0];
softContainer.securityContext.readOnlyRootFilesystem = false;
softContainer.env.push({ name: 'CACHE_PASSWORD', value: 'hunter2' });
const contractFindings = contractProblems({
  app: 'executor',
  objects: softened,
  values: kedaRun.values,
  defaultShutdownMs: executor.defaultShutdownMs,
});
report(
  contractFindings.some((p) => p.includes('readOnlyRootFilesystem')) &&
    contractFindings.some((p) => p.includes('CACHE_PASSWORD')),
  'negative: the contracts catch a writable root filesystem and a literal secret',
  contractFindings,
);

const container = hardened.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0];
const badConfig = parse(
  hardened.find((o) => o.kind === 'ConfigMap' && o.data?.['config.yaml']).data['config.yaml'],
);
badConfig.predictor.connection_string = 'not a url';
const appCheck = checkAppConfig({
  workspaceRoot: root,
  app: 'executor',
  configYaml: stringify(badConfig),
  container,
});
report(
  !appCheck.ok && appCheck.output.includes('predictor.connection_string'),
  'negative: apps/executor --check-config rejects a rendered config with a bad URL',
  appCheck.output.split('\n'),
);

// Monitoring negatives: a misspelt rule field, a misspelt metric, a dashboard's fixed datasource
// and old schema, an alert without its README section.
const monitoringRun = rendered.find(
  (r) => r.chart === executor && r.manifests.some((m) => m.object.kind === 'PrometheusRule'),
);
const ruleManifest = monitoringRun.manifests.find((m) => m.object.kind === 'PrometheusRule');
const misspeltRule = structuredClone(ruleManifest.object);
misspeltRule.spec.groups[1].rules[0].expression = misspeltRule.spec.groups[1].rules[0].expr;
const ruleFindings = (await validateManifests([{ ...ruleManifest, object: misspeltRule }])).map(
  (p) => p.problem,
);
report(
  ruleFindings.some((p) => /unknown field .*expression/.test(p)),
  'negative: the manifest validator rejects a misspelt field in a PrometheusRule',
  ruleFindings.length ? ruleFindings : ['no problem found'],
);
const typo = unknownMetrics(
  [{ where: 'test', expr: 'sum(rate(latigo_task_queue_task_total{outcome="dead_lettered"}[5m]))' }],
  metrics,
);
report(
  typo.length === 1 && typo[0].metric === 'latigo_task_queue_task_total',
  'negative: the metric check finds a misspelt metric name',
  [JSON.stringify(typo)],
);
const dashboardObject = monitoringRun.manifests.map((m) => m.object).find(isDashboard);
const dashboard = JSON.parse(Object.values(dashboardObject.data)[0]);
dashboard.schemaVersion = 16;
dashboard.panels.find((p) => p.type !== 'row').datasource = { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' };
const shapeFindings = dashboardProblems(dashboard);
report(
  shapeFindings.some((p) => p.includes('schemaVersion')) &&
    shapeFindings.some((p) => p.includes('P1809F7CD0C75ACF3')),
  'negative: the dashboard check finds an old schemaVersion and a fixed datasource uid',
  shapeFindings,
);
const missingSection = undocumentedAlerts(ruleManifest.object, '### LatigoTaskSuccessBudgetBurnFast\n');
report(
  missingSection.includes('LatigoConsumerLagHigh') &&
    !missingSection.includes('LatigoTaskSuccessBudgetBurnFast'),
  'negative: the README check finds an alert without a section',
  missingSection,
);

process.stdout.write(
  `\n${failures === 0 ? 'all chart checks passed' : `${failures} chart check(s) failed`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
process.exitCode = failures === 0 ? 0 : 1;
