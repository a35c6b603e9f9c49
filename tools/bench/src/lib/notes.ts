import { LATIGO_PRODUCTION } from './projection';
import {
  type BenchResults,
  type ExecutorResult,
  type ExecutorSetting,
  settingAt,
  settingWithLatency,
} from './results';

const n = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : '–';

/** The executor's upstream connections per upstream (apps/executor composition root: `new Agent({ connections: 32 })`). */
export const EXECUTOR_CONNECTIONS_PER_UPSTREAM = 32;

/**
 * The most warm tasks per second one executor process can finish when every call holds one of
 * its `connections` HTTP/1.1 connections to the Timeseries API for `latencyMs`.
 */
export function connectionCap(setting: Pick<ExecutorSetting, 'callsPerTaskWarm'>, latencyMs: number): number {
  const calls = setting.callsPerTaskWarm.timeseries;
  return calls > 0
    ? EXECUTOR_CONNECTIONS_PER_UPSTREAM / ((latencyMs / 1000) * calls)
    : Number.POSITIVE_INFINITY;
}

/**
 * Notes for the figures far from their ideal: why, with the evidence measured in this run, and
 * what would close the gap. Written from the results, so they follow each run's figures.
 */
export function explain(results: BenchResults): string[] {
  const notes: string[] = [];
  const met = (key: string) => results.targets.find((t) => t.key === key)?.met;

  const load = results.meta.machine.loadAverage[0] ?? 0;
  if (load > results.meta.machine.cores)
    notes.push(
      `The machine was busy (load average ${n(load, 1)} on ${results.meta.machine.cores} cores at the start): every figure that depends on CPU (scheduler tasks/s, executor tasks/s and efficiency, client wall times) is pessimistic; re-take them on a quiet machine.`,
    );

  const s = results.scheduler;
  if (s && met('scheduler.tasks_per_s') === false) {
    const slot = [...s.slots].sort((x, y) => x.lagMs - y.lagMs)[Math.floor(s.slots.length / 2)] ?? s.slots[0];
    if (slot)
      notes.push(
        `Scheduler: ${n(s.tasksPerSecond)} tasks/s from tick to last acknowledgement (target 20,000), slots between ${n(Math.min(...s.slots.map((x) => x.lagMs)))} and ${n(Math.max(...s.slots.map((x) => x.lagMs)))} ms. Of the median slot's ${n(slot.lagMs)} ms, discovery took ${n(slot.discoveryMs)} ms and producing ${n(slot.tasks)} tasks in ${slot.produceRequests} sequential produce requests (acks=all) ${n(slot.enqueueMs)} ms. Producing is CPU-bound on the scheduler's one thread: ${n(s.cpuMsPerTask, 3)} CPU ms per task, i.e. ${n(s.cpuMsPerTask * slot.tasks)} ms of CPU per slot, close to the whole enqueue time on a quiet machine and stretched when other processes take the cores. A V8 profile of the scheduler process (\`--only scheduler --cpu-prof <dir>\`, 2026-11-23, a quieter moment: 28,900 tasks/s, target met) splits its busy time in the slot: kafkajs 22 % (record encoding, CRC-32C, murmur2 partitioning, 64-bit Long arithmetic in JavaScript), garbage collection 11 %, the task JSON 7 % (pyString, formatUtc), the task-status bookkeeping 6 % (expectSlot, canonicalStatus); the rest of the process's busy time is start-up. To close the gap on a busy machine: send the produce requests of a slot to the broker concurrently (they are sequential to keep the per-key order, but each model's key lives in one partition, so requests grouped by partition keep it), encode a task's JSON without the Python-float formatting per field (precompute the window part once per slot: every task of a slot shares from_time, to_time and scheduled_at), and keep the model list from the previous slot so discovery runs off the critical path.`,
      );
  }

  if (s?.idleCpuMsPerSecond !== undefined)
    notes.push(
      `Scheduler idle: ${n(s.idleCpuMsPerSecond, 1)} ms of CPU per second between slots, its Kafka producer connected (from 1 to 3 s after the last slot). kafkajs 2.2.4 re-arms a 1 ms timer per broker connection after every check of its idle request queue (kafkajs issue #1751; Node 24 warns once, "TimeoutNegativeWarning ... Timeout duration was set to 1"): 25.6 and 25.6 ms per second before @latigo/task-queue guarded it, 2.6 and 2.9 after (two interleaved pairs of full scheduler runs, 2026-11-24; the scheduler's CPU per task in those runs 0.039 and 0.043 → 0.034 and 0.034 ms). Executors holding a consumer and a producer paid the same while waiting for tasks.`,
    );

  const e = results.executor;
  if (e) {
    const c32 = settingAt(e.settings, 32);
    const c1 = e.settings.find((x) => x.roundTripsWarm !== undefined);
    if (c1?.roundTripsWarm !== undefined && c1.roundTripsWarm > 4)
      notes.push(
        `Round trips: a warm task waits for ${n(c1.roundTripsWarm)} dependent upstream round trips (target ≤ 4); the stage table shows which stages hold more than one call's latency.`,
      );
    if (c32)
      notes.push(
        `Calls per task: ${n(c32.callsPerTaskWarm.total, 2)} warm (Gordo ${n(c32.callsPerTaskWarm.gordo, 2)}: the prediction, plus the revision re-read every revision_cache_ttl; Timeseries ${n(c32.callsPerTaskWarm.timeseries, 2)}: one POST /query/data for all ${e.tagsPerModel} tags and one write; metadata ${n(c32.callsPerTaskWarm.metadata, 2)}), ${n(c32.callsPerTaskCold.total)} cold. Warm tasks made ${e.tagsPerModel + 3} calls in 6 dependent round trips before this issue: TimeSeriesSensorData read one GET /{id}/data per tag, 8 at a time; it now reads a task's tags in one request (TimeSeriesClient.readManyDatapoints, up to 100 ids per request). Cold tasks look up every input tag (facility + ${e.tagsPerModel} ids) and find or create every output series one request at a time (a GET then a POST per series: ${e.tagsPerModel} tags × 4 per-tag groups + totals), ${n(c1?.roundTripsCold ?? NaN)} round trips; this happens once per model while the series-id cache holds (Redis in production, shared by every executor). Creating the output series together (in parallel, bounded) would cut the cold path to a few round trips.`,
      );
    if (c32 && met('executor.c32.efficiency') === false) {
      const ideal = 32 / (c32.criticalPathMs / 1000);
      const cores = results.meta.machine.cores;
      const ownCoreCap = 1000 / c32.cpuMsPerTask;
      const machineCap = (cores * 1000) / (c32.cpuMsPerTask + c32.emulatorCpuMsPerTask);
      const needMs = 1000 / (0.8 * ideal);
      const conn = connectionCap(c32, e.latencyMs);
      const single = e.settings.find((x) => x.concurrency === 1)?.stageMs;
      const gordoExtra =
        single?.['predict'] !== undefined && single['write'] !== undefined
          ? single['predict'] - single['write']
          : undefined;
      notes.push(
        `Efficiency at concurrency 32: ${n(c32.efficiency, 2)} (${n(c32.tasksPerSecond, 1)} tasks/s of an ideal ${n(ideal)} = 32 ÷ ${n(c32.criticalPathMs)} ms). ${c32.cpuUtilisation >= 0.85 ? 'The limit is CPU, not waiting' : 'The limit is queueing on two busy event loops more than CPU'}: a warm task costs the executor ${n(c32.cpuMsPerTask, 1)} ms of CPU and the emulators ${n(c32.emulatorCpuMsPerTask, 1)} ms, so one single-threaded executor cannot exceed ${n(ownCoreCap)} tasks/s and this ${cores}-core machine, which also runs the emulators, ${n(machineCap)} tasks/s (before other load; the executor used ${n(c32.cpuUtilisation, 2)} cores, its event loop answered ready responses up to ${n(c32.eventLoopP99Ms)} ms late (p99) and the emulators' ${n(c32.emulatorEventLoopP99Ms)} ms, which inflates every stage alike${stageExcess(single, c32.stageMs) ?? ''}: see the stage table).${Number.isFinite(conn) && conn < ideal ? ` The ${EXECUTOR_CONNECTIONS_PER_UPSTREAM} connections per upstream also cap it at ${n(conn)} tasks/s.` : ''} A V8 CPU profile of the executor at concurrency 32 (\`npm run bench -- --quick --only executor --cpu-prof <dir>\`, 2026-11-24, the image's heap flags, after this session's changes) splits its busy time: garbage collection 37 % (under the profiler), our bundled code 25 %, native calls (socket writes, UTF-8) 11 %, hyparquet 10 % and hyparquet-writer 4 % (the prediction's parquet in and out; before the column-reader change below), Node internals 5 %, undici 3 %. Most of the collection work is data that outlives the 4 MB young generation: at concurrency 32 a task's answer waits behind the other tasks' work before it is consumed, so V8 copies it to the old generation (\`--trace-gc-nvp\`: ~0.45 MB promoted per scavenge) and the old generation fills in ~270 ms, each mark-compact ~20 ms with its incremental steps. What cut it, per warm task at concurrency 32 with the image's flags (2026-11-24, each an A/B of back-to-back runs): Gordo's answers read column chunk by column chunk through hyparquet's column reader instead of its \`parquetRead\` (5.9 → 5.4 ms CPU, efficiency 0.71 → 0.73, three pairs, 2026-11-24, second session: a decode of a 25-tag, 9-row answer 1.20 → 0.84 ms CPU, a fifth less allocation); the Timeseries answer turned into columns inside its parse, before any other task runs (promoted over a c32 run 1,278 → 839 MB, scavenge pauses 4.0 → 2.5 s, 8.1 → 5.3 ms CPU); write and metadata bodies as bytes outside the JS heap (promoted −9 %); parquet through hyparquet instead of parquet-wasm and apache-arrow (9.6 → 8.2 ms in a quick run, and 10 MB less at start). Earlier in this issue: the Timeseries read in one request (6 → 4 round trips), the Gordo input written as plain parquet once for X and y in one multipart buffer, requests dispatched without undici's body streams, the API timestamps parsed and written without Date parsing or an object per point, one series-id cache lookup per task. Without the heap flags (\`LATIGO_BENCH_EXECUTOR_FLAGS=--enable-source-maps\`) the same code costs 3.4 ms per warm task and reaches 129 tasks/s, an efficiency of 0.81, but peaks at 437 MB (c32 at full size, 2026-11-24; 2026-11-23: 4.3 ms, 0.76, 444 MB; 2026-11-24 15:28, after the fourth session's allocation work, in a slower hour: 2.9 ms, 0.78, 388 MB, against 5.6 ms and 0.69 with the flags right after it, so even an executor at 2.9 ms per task stays under 0.8 here): the image favours memory because production is latency-bound (9,000 models per 30 minutes are ~10 tasks/s).${ownCoreCap < ideal ? ` On a core of its own (emulators elsewhere, nothing else running) the executor would reach ${n(ownCoreCap)} tasks/s, an efficiency of ${n(ownCoreCap / ideal, 2)}; for 0.8 with headroom a warm task must stay under ${n(needMs, 1)} ms of CPU.` : ` Its CPU alone would allow ${n(ownCoreCap)} tasks/s on a core of its own, more than the ideal ${n(ideal)}: what is left is latency, the queueing above and the emulators' own processing${gordoExtra === undefined ? '' : ` (one task at a time, the predict stage takes ${n(gordoExtra, 1)} ms longer than a write: the Gordo emulator reading the parquet input, computing and writing the answer)`}.`} To close the gap: run the benchmark's emulators on other cores (a 4-core machine: here they take ${n(c32.emulatorCpuMsPerTask, 1)} ms of the same two cores per task), and cut what is left of the collection work: the largest allocation per warm task is now the Timeseries read answer, ~11 % (its JSON parsed whole before the points become columns). Fourth session (2026-11-24): what a warm task allocates fell by 28 % (a sampled c32 run, 4.7 → 3.4 GB): the Gordo answer's parquet footer read without building its statistics and pyarrow's \`ARROW:schema\` (hyparquet's metadata reader had been ~20 % of all allocation), pages of doubles copied without boxing each value, definition levels and dictionary indices decoded into reused arrays, the model input written by a flat parquet writer of our own instead of hyparquet-writer, and the metadata API's echo scanned for its top-level \`model_id\` instead of parsed whole (~9 %); CPU per warm task 6.08 and 6.17 → 5.31 and 5.52 ms, efficiency 0.686 and 0.694 → 0.721 and 0.701 (two back-to-back pairs at concurrency 32, in an hour when the machine ran ~15 % slower than earlier in the day). Measured and not adopted, second session (2026-11-24): each emulator in a process of its own (0.685 and 0.720 against 0.714 and 0.721 with all three in the benchmark's process: their event loops lag as much apart, so the lag is the machine's two cores, not one loop), \`--minor-ms\` (0.64), \`--single-threaded-gc\` (0.71, +80 MB), a fixed young generation (\`--min-semi-space-size\` 4 or 8: 0.69–0.71), semi-space 32 MB with \`--heap-growing-percent=20\` (0.74 at 232 MB) and without it (0.79 at 402 MB): the cost is the old generation filling with what outlives two scavenges, ~8 % of all allocation at any semi-space the 200 MB allows. Third session (2026-11-24): \`--heap-growing-percent=100\` (4.8–5.0 ms CPU per task instead of 5.3–5.6, but efficiency 0.73–0.74 against 0.71–0.73 and 201 MB), the benchmark's own process (the emulators) with 32 MB semi-spaces (0.74 and 0.75 against 0.73 and 0.76). What is left is queueing rather than CPU: each upstream call passes through the executor's event loop and the emulators' twice, 16 queues per task, and at concurrency 32 they are busy ~60 % and ~50 % of the time with uneven work (collection pauses of 3–18 ms among ~1 ms steps), so a few milliseconds of waiting at each add up to the ~40 ms by which a task's p50 exceeds one task at a time; cutting the executor's CPU by a tenth moves efficiency less than the run-to-run spread. Earlier, also not adopted: asking Gordo for JSON (the executor drops to 5.7 ms per task, but the real server spends 3× as long on a JSON prediction even at 9 rows: 108 vs 33 ms, diff-25tags); a young generation of 8 MB semi-spaces (no CPU gain in two A/B pairs, +9 MB); hyparquet-writer in the Gordo emulator (0.86–1.1 ms per 90-column answer against 0.78–0.87 through arrow and parquet-wasm). Fifth session (2026-11-24), measured and not adopted: the executor pinned to one core and the emulators to the other (\`taskset\`: 0.687 and 0.696 against 0.727 unpinned; the executor's CPU per task fell to 4.8 ms, but its event loop lagged 31 ms at p99 with its collector threads on the same core), and the executor's threads at a higher priority than the emulators' (\`renice -10\`: 0.687 and 0.671 against 0.696 and 0.713) or the emulators' higher (0.704): the two cores are shared either way. Where a warm task's time goes at concurrency 32 (one run with the emulator server timed per request, efficiency 0.75, a task 264 ms on average): the emulators' 50 ms delays ended 5.5–7 ms late on average, their event loop busy with other calls, and they worked 0.1–2.2 ms per call (the Gordo answer 2.2 ms, the Timeseries read 1.3), 29 ms per task beyond the 200; the executor's side (its event loop, its own work per call and the kernel) 33 ms.${atProductionLatency(e, c32)}${(settingAt(e.settings, 64)?.tasksPerSecond ?? Infinity) < c32.tasksPerSecond ? ' Concurrency 64 is slower than 32 here: past the CPU limit, more tasks in flight only add queueing and garbage collection.' : ''}`,
      );
    }
    if (c32) {
      const flags = e.nodeFlags?.join(' ') || 'none';
      notes.push(
        `Peak RSS at concurrency 32: ${n(c32.peakRssMb)} MB (target 200), with the executor image's Node flags (\`${flags}\`). The started executor holds ${n(c32.rssAtStartMb)} MB before its first task (V8 and the bundle's modules; kafkajs, node-redis and @azure/identity are loaded only when the configuration uses them, which saved ~25 MB here: in production, with Kafka, Redis and Azure AD, add about that much); at the end of the warm phase the JS heap held ${n(c32.heapMb)} MB and buffers ${n(c32.externalMb)} MB (parquet-wasm, replaced by hyparquet on 2026-11-24, held ~10 MB at start and ~25 MB at the peak with its WebAssembly code and memory). Without heap flags V8 sizes the heap for this 24 GiB machine and grows the old generation up to 4× what survives: 425 MB on 2026-11-23, 444 MB on 2026-11-24 (see the efficiency note for today's figure); over the leak check's 10,000 tasks its RSS then keeps climbing, 418 → 690 MB, as V8 lets garbage pile up between collections (heap in use 110–350 MB at the samples); the flags also keep the process's memory steady. \`--heap-growing-percent=50\` grows it by half instead and \`--max-semi-space-size=4\` keeps the young generation small; the price is more frequent garbage collection (tools/bench/README.md has the measured alternatives).${met('executor.c32.peak_rss_mb') === false ? ' To close the rest: fewer modules at start (loading undici, prom-client, zod, yaml and commander adds ~37 MB to a bare Node), and less allocation per task (see the efficiency note); a hard `--max-old-space-size` cap reaches it but makes collections thrash near the cap (measured: 200 MB at ~25 % more CPU).' : ''}`,
      );
    }
    const leak = e.leak;
    if (leak)
      notes.push(
        leak.growthPct <= 10
          ? `Leak check: RSS flat over ${n(leak.tasks)} tasks (${n(leak.rssAfterWarmupMb)} → ${n(leak.rssAtEndMb)} MB, ${n(leak.slopeMbPer1kTasks, 2)} MB per 1,000 tasks).${leak.stores === 'redis' ? ' The executor kept its cache, done markers and task status in Redis, as in production; in memory they hold ~1.3 KB per task by design (done markers for 7 days, task status for its retention), which the small heap of the image flags turns into ~12 % growth over 10,000 tasks (measured 2026-11-24), so the leak check no longer runs on them. The memory broker in the process drops the messages the executors have committed past (before 2026-11-24 it kept all of them, ~0.7 KB per task: 7.8–11 % growth in three runs, 2.6–4.4 % since).' : ' In-memory mode keeps a done-marker per task and the memory broker keeps the topic; both are Redis and Kafka in production.'}`
          : `Leak check: RSS grew ${n(leak.growthPct, 1)} % over ${n(leak.tasks)} tasks (${n(leak.rssAfterWarmupMb)} → ${n(leak.rssAtEndMb)} MB, ${n(leak.slopeMbPer1kTasks, 2)} MB per 1,000 tasks). Part of it is the harness's in-memory mode: a done-marker per task (done_marker_ttl 7 d) stays in the process, which Redis holds in production; compare the heap column of the samples before calling it a leak.`,
      );
  }

  const g = results.gordoClient;
  if (g) {
    const p = g.formats.parquet;
    const floor = p.ts.serverMs / p.py.wallMs;
    const replay = p.floor;
    notes.push(
      `Gordo client (parquet): ours ${n(p.ts.wallMs)} ms vs Python ${n(p.py.wallMs)} ms (ratio ${n(p.ratio, 2)}, target ≤ 0.5). The server's own time (its Server-Timing) is ${n(p.ts.serverMs)} ms of ours and ${n(p.py.serverMs)} ms of Python's: with no client overhead at all the ratio could not go below ${n(floor, 2)}${replay ? '' : `, so on this window the target is out of reach of any client${floor < 0.5 ? ' but a nearly free one' : ''}`}.${replay ? ` Replaying our requests without the client (bodies already encoded, answers read but not decoded) takes ${n(replay.wallMs)} ms, ${n(replay.wallMs / p.py.wallMs, 2)} of Python's wall: that is the floor of any client on this server, ${n(replay.overheadMs)} ms above its own Server-Timing sum (gunicorn and WSGI outside the timed view, and HTTP on loopback; Python pays it as well). Our client adds ${n(p.ts.wallMs - replay.wallMs)} ms to it${p.ratio > 0.5 && replay.wallMs / p.py.wallMs < 0.5 ? `; the target needs at most ${n(0.5 * p.py.wallMs - replay.wallMs, 1)} ms` : ''}.` : ''} What is ours to cut is the overhead beyond the server: ${n(p.ts.overheadMs)} ms (ours) against ${n(p.py.overheadMs)} ms (Python) over ${p.ts.requests} requests on loopback, ${n((p.ts.overheadMs / p.py.overheadMs) * 100)} % of Python's (72 ms before this issue's work on the client: parquet input written plain and once for X and y, one multipart buffer, answers decoded column by column, a column-wise dataset join, and batches pipelined: a request slot is held only while the request is on the wire, so the next batch goes out 0.3 ms after an answer and the answer is decoded while it is in flight, ~9 ms less per run in an A/B of 40 runs, 2026-11-24). ${replay ? "Beyond the replay, what our client still does while the server waits is decoding the last model's last answer and joining its batches (~2.5 ms; 5.9 ms before flat columns were read page by page into their arrays and the footer without its statistics, 2026-11-24: a 404-row answer decodes in 1.9 instead of 3.2 ms), building and encoding the first model's input, and its own work per request. Each next model's input is built and encoded while the current model is on the wire (`predictModels`, as Python's `predict` over several machines: 174–176 → 167–168 ms in an A/B of 25 runs each, 2026-11-24), once the current model's first request is out (the next model used to be built first: 1.9 → 0.65 ms from the first input to the first request). What our client allocates per run fell to a third (17.7 → 5.7 MB, 2026-11-24, fourth session: the answer's parquet footer read without its statistics and `ARROW:schema`, doubles copied without boxing, levels and dictionary indices into reused arrays, the input written by a flat parquet writer of our own, the dataset join by binary search instead of a Map keyed by timestamps): its CPU per run fell from 53 to 21 ms and its wall time from 194.7 to 177.7 ms (three interleaved pairs of 30 runs); garbage collection went from one mark-compact per run to one scavenge." + serverSlowdown(p.ts.serverMs, replay?.serverMs) : "About 10 ms of the overhead is the server's own time outside its Server-Timing (gunicorn and WSGI, ~1.3 ms per request, which Python pays as well); the rest is building each model's input (~1–5 ms) and decoding the last answer."}${rowsNote(p)} At Latigo's configured parallelism (10) both get slower on this server (one gunicorn worker, 4 threads: concurrent requests cost it more in total), ours 257 vs Python's 334 ms in a manual run (2026-11-24), ratio 0.77; the figure stays at parallelism 1.${g.formats.json ? ` Over JSON (ratio ${n(g.formats.json.ratio, 2)}) the server's JSON path dominates both (${n(g.formats.json.ts.serverMs)} ms); our overhead is ${n(g.formats.json.ts.overheadMs)} ms against Python's ${n(g.formats.json.py.overheadMs)} ms, on answers of ~6 MB for diff-25tags.` : ''}`,
    );
  }
  return notes;
}

/**
 * The concurrency-32 run at production's call latency, where there is one: with a smaller share of
 * CPU per second of a task, how well the executor overlaps its waits when the cores are not the limit.
 */
function atProductionLatency(executor: ExecutorResult, c32: ExecutorSetting): string {
  const slow = settingWithLatency(executor, 32, LATIGO_PRODUCTION.callLatencyMs);
  if (!slow || slow === c32)
    return ` At production latency (200 ms) concurrency 32 needs only ${n((32 / (c32.criticalPathMs * 4)) * c32.cpuMsPerTask, 2)} cores, so there the executor is latency-bound, as the projection assumes.`;
  const ideal = 32 / (slow.criticalPathMs / 1000);
  return ` With every call delayed ${n(LATIGO_PRODUCTION.callLatencyMs)} ms, as the projection takes for production, the same executor at concurrency 32 made ${n(slow.tasksPerSecond, 1)} warm tasks/s of an ideal ${n(ideal, 1)}, an efficiency of ${n(slow.efficiency, 3)} (${n(slow.cpuMsPerTask, 1)} ms of CPU per warm task and ${n(slow.emulatorCpuMsPerTask, 1)} ms in the emulators, the executor using ${n(slow.cpuUtilisation, 2)} cores, its event loop ${n(slow.eventLoopP99Ms)} ms late at p99, the emulators' ${n(slow.emulatorEventLoopP99Ms)} ms, peak RSS ${n(slow.peakRssMb)} MB): where the two cores are not the limit, the executor keeps its concurrency busy with waits, so the gap at ${n(executor.latencyMs)} ms is the machine, not the executor's overlap of waits.`;
}

/** How much longer the median upstream stage takes at concurrency 32 than one task at a time. */
function stageExcess(one: Record<string, number> | undefined, c32: Record<string, number>) {
  if (!one) return undefined;
  const stages = ['read', 'predict', 'write', 'metadata'].filter(
    (k) => one[k] !== undefined && c32[k] !== undefined,
  );
  if (stages.length === 0) return undefined;
  const extra = stages.reduce((sum, k) => sum + ((c32[k] as number) - (one[k] as number)), 0) / stages.length;
  return ` (the four upstream stages take ${n(extra, 1)} ms longer each than one task at a time)`;
}

/** Where the clients sent different row counts (random data with gaps on Python's side). */
function rowsNote(p: { ts: { rows: Record<string, number> }; py: { rows: Record<string, number> } }): string {
  const differ = Object.keys(p.ts.rows).filter(
    (m) => p.py.rows[m] !== undefined && p.py.rows[m] !== p.ts.rows[m],
  );
  if (differ.length === 0) return '';
  const list = differ
    .map((m) => `${m} ${n(p.py.rows[m] as number)} vs ${n(p.ts.rows[m] as number)}`)
    .join(', ');
  return ` Both draw their points as the models' RandomDataProvider does (100–300 per tag at random times), with different random generators, so the leading buckets left empty differ and so do the rows sent (${list}; Python vs ours).`;
}

/** The server's own time with our client against the replay of the same requests. */
function serverSlowdown(ours: number, replayed: number | undefined): string {
  if (replayed === undefined || ours - replayed < 2) return '';
  return ` The server itself takes longer with our client than with the replay of the same requests (Server-Timing ${n(ours)} against ${n(replayed)} ms): what our process does while a request is in flight (decoding, encoding, and V8's collector and compiler threads) shares this machine's two cores with the server. With V8 held to one thread (\`--single-threaded\`, a manual A/B of 30 runs, 2026-11-24) the difference fell from 11–15 ms to ~4.5 ms; the benchmark runs our client with Node's defaults, as a service that imports it would.`;
}
