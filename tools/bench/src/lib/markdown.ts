import type { BenchResults, ClientRun, ExecutorSetting, TargetCheck, UpstreamCalls } from './results';

const fmt = (value: number | undefined, digits = 1): string => {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
};

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const calls = (c: UpstreamCalls) =>
  `${fmt(c.total)} (gordo ${fmt(c.gordo)}, ts ${fmt(c.timeseries)}, meta ${fmt(c.metadata)})`;

function targetRow(t: TargetCheck): string[] {
  const verdict = t.met === undefined ? 'not measured' : t.met ? 'met' : '**missed**';
  return [t.what, `\`${t.key}\``, `${t.op} ${fmt(t.target, 2)}`, fmt(t.value, 3), verdict];
}

/** The concurrency, with the call latency where the run had its own. */
const settingLabel = (s: ExecutorSetting): string =>
  s.latencyMs === undefined ? String(s.concurrency) : `${s.concurrency} (${s.latencyMs} ms calls)`;

/** `, 200 ms in the run marked so` for each run at another delay than the scenario's. */
function extraLatencies(settings: readonly ExecutorSetting[]): string {
  const others = [...new Set(settings.flatMap((s) => (s.latencyMs === undefined ? [] : [s.latencyMs])))];
  return others.map((ms) => `, ${ms} ms in the run marked so`).join('');
}

function executorRows(settings: readonly ExecutorSetting[]): string[][] {
  return settings.map((s) => [
    settingLabel(s),
    `${s.tasks} (${s.models}×${s.slotsPerModel})`,
    fmt(s.tasksPerSecond),
    fmt(s.tasksPerSecondCold),
    fmt(s.criticalPathMs, 0),
    fmt(s.efficiency, 3),
    calls(s.callsPerTaskCold),
    calls(s.callsPerTaskWarm),
    s.roundTripsWarm === undefined ? '–' : `${fmt(s.roundTripsCold)} / ${fmt(s.roundTripsWarm)}`,
    `${fmt(s.cpuMsPerTask, 1)} (${fmt(s.emulatorCpuMsPerTask, 1)})`,
    `${fmt(s.p50Ms, 0)} / ${fmt(s.p95Ms, 0)}`,
    `${fmt(s.peakRssMb, 0)} (start ${fmt(s.rssAtStartMb, 0)}, heap ${fmt(s.heapMb, 0)}, external ${fmt(s.externalMb, 0)})`,
    `${s.outcomes.succeeded}/${s.outcomes.skipped}/${s.outcomes.failed}`,
  ]);
}

function clientCells(run: ClientRun): string[] {
  return [fmt(run.wallMs, 0), fmt(run.serverMs, 0), fmt(run.overheadMs, 0), String(run.requests)];
}

/** `bench/RESULTS.md`: the machine, the versions, the date and every figure of one run. */
export function renderResultsMarkdown(r: BenchResults): string {
  const out: string[] = [];
  const m = r.meta;
  out.push('# Latigo benchmarks', '');
  out.push(
    `Taken by \`npm run bench\`${m.quick ? ' --quick (small sizes: not comparable)' : ''} on ${m.date}, commit \`${m.commit}\`${m.dirty ? ' (with uncommitted changes)' : ''}, in ${fmt(m.wallSeconds, 0)} s. Raw data: [results.json](results.json).`,
    '',
  );
  out.push(
    table(
      ['machine', ''],
      [
        ['CPU', `${m.machine.cpu}, ${m.machine.cores} cores`],
        ['RAM', `${fmt(m.machine.ramGb)} GiB`],
        ['OS', m.machine.os],
        ['load average at start', m.machine.loadAverage.map((l) => fmt(l, 2)).join(', ')],
        ...Object.entries(m.versions).map(([k, v]) => [k, v]),
      ],
    ),
    '',
  );
  out.push(
    '## Targets',
    '',
    table(['target', 'figure', 'target', 'measured', ''], r.targets.map(targetRow)),
    '',
  );

  if (r.scheduler) {
    const s = r.scheduler;
    out.push(
      '## 1. Scheduler → real Kafka',
      '',
      `${s.models.toLocaleString('en-US')} models in ${s.projects} projects (Gordo emulator), one slot per tick, into a topic of ${s.partitions} partitions on the real broker (acks=all). Median over ${s.slots.length} slots.`,
      '',
      table(
        ['figure', 'value'],
        [
          ['slot tick → last acknowledgement', `${fmt(s.medianLagMs, 0)} ms`],
          ['tasks/s (tick → last ack)', fmt(s.tasksPerSecond, 0)],
          ['tasks/s (produce only)', fmt(s.enqueueTasksPerSecond, 0)],
          ['bytes per task stored by the broker', fmt(s.bytesPerTaskStored)],
          ['bytes per task message (key + value)', fmt(s.bytesPerTaskMessage)],
          ['scheduler CPU ms per task', fmt(s.cpuMsPerTask, 3)],
          ['scheduler peak RSS', `${fmt(s.peakRssMb, 0)} MB`],
          [
            'scheduler CPU per second idle between slots (producer connected)',
            `${fmt(s.idleCpuMsPerSecond, 1)} ms`,
          ],
        ],
      ),
      '',
      table(
        ['slot', 'tasks', 'tick → last ack ms', 'discovery ms', 'enqueue ms', 'produce requests'],
        s.slots.map((slot, i) => [
          String(i + 1),
          String(slot.tasks),
          fmt(slot.lagMs, 0),
          fmt(slot.discoveryMs, 0),
          fmt(slot.enqueueMs, 0),
          String(slot.produceRequests),
        ]),
      ),
      '',
    );
  }

  if (r.executor) {
    const e = r.executor;
    out.push(
      '## 2. Executor',
      '',
      `${e.tagsPerModel} tags per model; every emulator call delayed ${e.latencyMs} ms${extraLatencies(e.settings)}; in-memory queue and cache; the executor runs alone in a child process (the emulators in the parent)${e.nodeFlags ? `, with the Node flags \`${e.nodeFlags.join(' ') || '(none)'}\`` : ''}${
        e.mallocEnv && Object.keys(e.mallocEnv).length
          ? ` and \`${Object.entries(e.mallocEnv)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}\``
          : ''
      }. Cold = each model's first task, warm = the others. Efficiency and tasks/s are of the warm phase; the critical path is the dependent round trips (warm, measured at concurrency 1) × the call delay. Calls per task count every request the emulators answered.`,
      '',
      table(
        [
          'concurrency',
          'tasks',
          'tasks/s',
          'tasks/s cold',
          'critical path ms',
          'efficiency',
          'calls/task cold',
          'calls/task warm',
          'round trips cold / warm',
          'CPU ms/task (emulators)',
          'p50 / p95 ms',
          'peak RSS MB',
          'ok/skip/fail',
        ],
        executorRows(e.settings),
      ),
      '',
    );
    out.push(
      'Where the waiting went, warm phase:',
      '',
      table(
        [
          'concurrency',
          'executor CPU (cores)',
          'executor event-loop p99 ms',
          'emulators event-loop p99 ms',
          'machine load (1 min)',
        ],
        e.settings.map((s) => [
          settingLabel(s),
          fmt(s.cpuUtilisation, 2),
          fmt(s.eventLoopP99Ms, 0),
          fmt(s.emulatorEventLoopP99Ms, 0),
          fmt(s.loadAverage, 1),
        ]),
      ),
      '',
    );
    const stages = e.settings.filter((s) => Object.keys(s.stageMs).length > 0);
    if (stages.length > 0) {
      const names = Object.keys(stages[0]?.stageMs ?? {});
      out.push(
        'Median time per stage, warm phase (ms):',
        '',
        table(
          ['concurrency', ...names],
          stages.map((s) => [settingLabel(s), ...names.map((n) => fmt(s.stageMs[n], 1))]),
        ),
        '',
      );
    }
    if (e.leak) {
      const l = e.leak;
      out.push(
        `Leak check: ${l.tasks.toLocaleString('en-US')} tasks at concurrency ${l.concurrency}: RSS ${fmt(l.rssAfterWarmupMb, 0)} MB after the first fifth, ${fmt(l.rssAtEndMb, 0)} MB at the end (${fmt(l.growthPct)} %, slope ${fmt(l.slopeMbPer1kTasks, 2)} MB per 1,000 tasks), peak ${fmt(l.peakRssMb, 0)} MB.${l.stores === 'redis' ? ' The executor kept its cache, done markers and task status in Redis (a peer of tools/peers), as in production; the in-process memory broker drops the task messages the executors have committed past, as the retention of a Kafka topic would.' : ''}`,
        '',
        table(
          ['tasks done', ...l.samples.map((x) => String(x.tasks))],
          [
            ['RSS MB', ...l.samples.map((x) => fmt(x.rssMb, 0))],
            ['heap used MB', ...l.samples.map((x) => fmt(x.heapMb, 0))],
          ],
        ),
        '',
      );
    }
  }

  if (r.gordoClient) {
    const g = r.gordoClient;
    out.push(
      '## 3. Gordo client: ours vs Python gordo-client 6.3.0',
      '',
      `Real Gordo 6.0.4 server; models ${g.models.join(', ')}; window ${g.window.from} → ${g.window.to}; batch size ${g.batchSize}; parallelism ${g.parallelism}; each client in a fresh process of its own per format, a fresh client per run (revisions, metadata, data, predictions), median of the measured runs after ${warmUpCount(g.warmups ?? 1)} of each. Both build the model input from raw points drawn as the model's data provider (gordo's RandomDataProvider: 100–300 points per tag at random times) draws them: Python through that provider, ours through \`buildDataset\`. Overhead = wall − the server's own \`Server-Timing\` time. Replay = the requests of our warm-up run sent again after each of our runs, one at a time, bodies already encoded and answers read but not decoded: the server's whole time plus HTTP on loopback, the floor of any client.`,
      '',
      table(
        [
          'format',
          'ours wall ms',
          'server ms',
          'overhead ms',
          'requests',
          'Python wall ms',
          'server ms',
          'overhead ms',
          'requests',
          'ours ÷ Python',
          'replay ms',
          'replay ÷ Python',
        ],
        Object.entries(g.formats).map(([format, x]) => [
          format,
          ...clientCells(x.ts),
          ...clientCells(x.py),
          fmt(x.ratio, 3),
          x.floor ? fmt(x.floor.wallMs, 0) : '–',
          x.floor ? fmt(x.floor.wallMs / x.py.wallMs, 3) : '–',
        ]),
      ),
      '',
    );
  }

  if (r.projection) {
    const p = r.projection;
    const x = p.projection;
    out.push(
      '## 4. Projection: executors for production',
      '',
      `${p.load.models.toLocaleString('en-US')} models per ${p.load.slotSeconds / 60}-minute slot at ${p.load.callLatencyMs} ms per upstream call, from ${p.from}: **${x.processes} executor process${x.processes === 1 ? '' : 'es'}** (${x.processesCold} for a slot on cold caches).`,
      '',
      table(
        ['', ''],
        [
          ['required tasks/s', fmt(x.requiredTasksPerSecond, 2)],
          [
            'critical path per task, warm / cold',
            `${fmt(x.criticalPathMsWarm, 0)} / ${fmt(x.criticalPathMsCold, 0)} ms`,
          ],
          ['one process, limited by upstream waits', `${fmt(x.perProcessByLatency, 1)} tasks/s`],
          ['one process, limited by CPU', `${fmt(x.perProcessByCpu, 1)} tasks/s`],
          ['one process', `${fmt(x.perProcess, 1)} tasks/s (${x.limitedBy})`],
        ],
      ),
      '',
      'Assumptions:',
      '',
      ...p.assumptions.map((a) => `- ${a}`),
      '',
    );
  }

  if (r.notes.length > 0) out.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  out.push(
    '## Every figure',
    '',
    table(
      ['key', 'value'],
      Object.entries(r.figures).map(([k, v]) => [`\`${k}\``, String(v)]),
    ),
    '',
  );
  return out.join('\n');
}

function warmUpCount(n: number): string {
  return n === 1 ? 'one warm-up' : `${n} warm-ups`;
}
