import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderResultsMarkdown } from './lib/markdown';
import { explain } from './lib/notes';
import { type BenchResults, checkTargets, flatFigures } from './lib/results';
import { benchPlan, parseScenarios } from './lib/plan';
import { runBench } from './lib/run-bench';

const USAGE = `Usage: latigo-bench [--quick] [--only scheduler,executor,gordo-client] [--out bench] [--cpu-prof <dir>]

Latigo benchmarks: the scheduler into the real Kafka broker, the executor against the emulators,
our gordo-client against the Python one on the real Gordo server, and the projection for
production. Writes <out>/results.json and <out>/RESULTS.md.

  --quick           small sizes, for development (figures not comparable)
  --only <list>     some of: scheduler, executor, gordo-client (default: all)
  --out <dir>       output folder (default: bench)
  --cpu-prof <dir>  write V8 CPU profiles of the scheduler and executor processes there
  --render <file>   only rewrite the notes of a results.json and its RESULTS.md beside it
  -h, --help        this text
`;

/** Exit 0 when every scenario ran, 1 when one failed (the others' results are still written), 2 on bad options. */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  let values: {
    quick?: boolean;
    only?: string;
    out?: string;
    'cpu-prof'?: string;
    render?: string;
    help?: boolean;
  };
  let scenarios: ReturnType<typeof parseScenarios>;
  try {
    ({ values } = parseArgs({
      args: argv.slice(2),
      options: {
        quick: { type: 'boolean' },
        only: { type: 'string' },
        out: { type: 'string' },
        'cpu-prof': { type: 'string' },
        render: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
    scenarios = parseScenarios(values.only);
  } catch (error) {
    process.stderr.write(`latigo-bench: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.render) {
    const results = JSON.parse(readFileSync(values.render, 'utf8')) as BenchResults;
    results.figures = flatFigures(results);
    results.targets = checkTargets(results.figures);
    results.notes = [
      ...(results.failures ?? []).map((f) => `Scenario failed, its figures are missing: ${f}`),
      ...explain(results),
    ];
    writeFileSync(values.render, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(dirname(values.render), 'RESULTS.md'), renderResultsMarkdown(results));
    return 0;
  }
  const quick = values.quick ?? false;
  const out = values.out ?? 'bench';
  const log = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  const results = await runBench({
    plan: benchPlan(quick),
    scenarios,
    quick,
    outDir: out,
    ...(values['cpu-prof'] ? { cpuProfileDir: values['cpu-prof'] } : {}),
    log,
  });
  log(`done in ${results.meta.wallSeconds} s: ${out}/results.json, ${out}/RESULTS.md`);
  for (const t of results.targets)
    log(
      `  ${t.met === undefined ? '?' : t.met ? 'met   ' : 'MISSED'} ${t.key} = ${t.value ?? '–'} (target ${t.op} ${t.target})`,
    );
  return results.failures?.length ? 1 : 0;
}
