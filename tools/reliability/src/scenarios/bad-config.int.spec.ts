import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { stringify } from 'yaml';
import { EXECUTOR_MAIN, SCHEDULER_MAIN } from '../harness/executor-fleet';
import { LogCapture } from '../harness/log-capture';
import { endScenario } from '../harness/scenario';
import { World } from '../harness/world';

// Broken configuration files for both apps' bundles: each run must fail (exit 2) with a message
// naming the key path and the file, warn about unknown keys and still start, and never print a
// planted secret.

describe('reliability: bad configuration', () => {
  const world = new World();
  const logs = new LogCapture('bad-config');
  beforeAll(() => world.start(1), 60_000);
  afterAll(() => world.close());

  const run = (app: 'executor' | 'scheduler', file: string, name: string) => {
    const main = app === 'executor' ? EXECUTOR_MAIN : SCHEDULER_MAIN;
    const env = { ...process.env, [`LATIGO_${app.toUpperCase()}_CONFIG_FILE`]: file, LOG_LEVEL: 'info' };
    const result = spawnSync(process.execPath, [main, '--check-config'], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    logs.add(`${app}-${name}.log`, output);
    return { code: result.status, output };
  };

  it('every broken file is refused with the key path and the file named; unknown keys only warn; no secret printed', () => {
    const startedAt = Date.now();
    const good = () => ({
      task_queue: world.taskQueueSection(),
      cache: world.cacheSection(),
      model_info: { connection_string: `${world.gordoUrl}/gordo/v0/` },
      predictor: { connection_string: `${world.gordoUrl}/gordo/v0/` },
      sensor_data: {
        base_url: world.timeseries.baseUrl('v1.6'),
        auth: { client_secret: world.secrets['client secret'] },
      },
      prediction_storage: { base_url: world.timeseries.baseUrl('v1.6') },
      prediction_metadata_storage: { base_url: world.metadata.url },
      server: { host: '127.0.0.1', port: 0 },
      scheduler: { projects: ['latigo-test'] },
    });
    const file = (name: string, config: unknown) => world.writeFile(`${name}.yaml`, stringify(config));

    const cases: { name: string; file: string; code: number; names: RegExp[] }[] = [];
    const missing = good() as Record<string, unknown>;
    delete missing['model_info'];
    cases.push({
      name: 'missing key',
      file: file('missing', missing),
      code: 2,
      names: [/model_info\.connection_string/],
    });
    const wrongType = good() as Record<string, Record<string, unknown>>;
    wrongType['executor'] = { concurrency: 'four' };
    (wrongType['cache'] as Record<string, unknown>)['port'] = 'six-three-seven-nine';
    cases.push({
      name: 'wrong types',
      file: file('wrong-types', wrongType),
      code: 2,
      names: [/cache\.port \(.*wrong-types\.yaml\)/],
    });
    const malformed = good() as Record<string, Record<string, unknown>>;
    malformed['task_queue'] = {
      ...malformed['task_queue'],
      connection_string: `Endpoint=not a url;SharedAccessKeyName=x;SharedAccessKey=${world.secrets['Kafka SharedAccessKey']}`,
    };
    cases.push({
      name: 'malformed connection string',
      file: file('malformed', malformed),
      code: 2,
      names: [
        /task_queue\.connection_string \(.*malformed\.yaml\): Endpoint must look like sb:\/\/<namespace host>\//,
      ],
    });
    const unreadable = file('unreadable', good());
    chmodSync(unreadable, 0o000);
    const asRoot = process.getuid?.() === 0; // root reads any file: then a missing file stands in
    cases.push({
      name: 'unreadable override file',
      file: asRoot ? `${world.dir}/does-not-exist.yaml` : unreadable,
      code: 2,
      names: [asRoot ? /does-not-exist\.yaml/ : /unreadable\.yaml/],
    });
    cases.push({
      name: 'not YAML',
      file: world.writeFile('not-yaml.yaml', 'task_queue: [unclosed\n  : :'),
      code: 2,
      names: [/not-yaml\.yaml/],
    });

    const results = cases.flatMap((c) =>
      (['executor', 'scheduler'] as const).map((app) => ({
        ...c,
        app,
        ...run(app, c.file, c.name.replace(/ /g, '-')),
      })),
    );
    const unknown = good() as Record<string, Record<string, unknown>>;
    (unknown['cache'] as Record<string, unknown>)['hostt'] = 'typo';
    const unknownRun = run('executor', file('unknown-key', unknown), 'unknown-key');

    const checks = [
      ...results.map((r) => `${r.app}, ${r.name}: exit ${r.code}; ${firstProblem(r.output)}`),
      `executor, unknown key cache.hostt: exit ${unknownRun.code}; ${firstProblem(unknownRun.output)}`,
    ];
    process.stdout.write(`${checks.map((c) => `  ${c}`).join('\n')}\n`);
    const { tally, leaked } = endScenario({
      id: 'bad-config',
      title: 'Bad configuration',
      faults:
        "Both apps' bundles with --check-config on override files with a missing required key, wrong types, a malformed " +
        'Event Hubs connection string, an unreadable file and a file that is not YAML, and an unknown key (a warning).',
      startedAt,
      observations: { scheduled: [], stored: [], skipped: new Map(), deadLettered: new Map() },
      logs,
      secrets: world.secrets,
      figures: { 'broken files': cases.length, runs: results.length + 1 },
      checks,
    });
    expect(tally.lost).toBe(0);
    expect(leaked).toEqual([]);
    for (const r of results) {
      expect({ app: r.app, name: r.name, code: r.code }).toEqual({
        app: r.app,
        name: r.name,
        code: r.code === 2 ? 2 : 'exit 2',
      });
      for (const pattern of r.names) expect(r.output).toMatch(pattern);
    }
    expect(results.find((r) => r.app === 'executor' && r.name === 'wrong types')?.output).toMatch(
      /executor\.concurrency/,
    );
    expect(unknownRun.code).toBe(0);
    expect(unknownRun.output).toMatch(/cache\.hostt/);
  });
});

/** The first line that states a problem, shortened for the doc. */
function firstProblem(output: string): string {
  const line =
    output.split('\n').find((l) => /invalid|cannot|unknown|error|not /i.test(l)) ??
    output.split('\n')[0] ??
    '';
  return line
    .replace(/\/tmp\/[^ )]*\//g, '…/')
    .trim()
    .slice(0, 180);
}
