import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { peersDir, startPeer, stopPeer } from '@latigo/peers';
import { runScript } from '../lib/run-script';
import type { ClientRun, GordoClientResult } from '../lib/results';
import { median } from '../lib/stats';
import { WorkerProcess } from '../lib/worker-process';
import type { OurClientParams, RunSample } from './gordo-client-runs';

/** What both clients predict, and how often (the plan's part of the options). */
export interface GordoClientWork {
  models: string[];
  from: string;
  to: string;
  batchSize: number;
  parallelism: number;
  runs: number;
  /** Unmeasured runs before the measured ones, for each client. */
  warmups: number;
}

export interface GordoClientScenarioOptions extends GordoClientWork {
  stateDir: string;
  onVersion?: (name: string, version: string) => void;
  log: (line: string) => void;
}

function summarise(samples: readonly RunSample[]): ClientRun {
  const wallMs = median(samples.map((s) => s.wallMs));
  const serverMs = median(samples.map((s) => s.serverMs));
  return {
    wallMs,
    serverMs,
    overheadMs: median(samples.map((s) => s.wallMs - s.serverMs)),
    requests: samples[0]?.requests ?? 0,
    rows: samples[0]?.rows ?? {},
    runs: samples.map((s) => Math.round(s.wallMs)),
  };
}

/**
 * Scenario 3: the real Gordo server; the Python gordo-client 6.3.0 (the peer's venv, from PyPI)
 * and ours predict the same models over the same window with the same batch size and
 * parallelism, each in a fresh process of its own per format and after `warmups` unmeasured runs.
 * Our first run's requests are then replayed after each of our runs: the floor any client would
 * meet on this server.
 */
export async function gordoClientScenario(options: GordoClientScenarioOptions): Promise<GordoClientResult> {
  const { log } = options;
  log('gordo-client: installing or checking the Python gordo-client, starting the real Gordo server');
  const python = (
    await runScript(join(__dirname, '..', 'scripts', 'gordo-client-python.sh'), [], {
      ...process.env,
      LATIGO_PEERS_DIR: peersDir,
    })
  )
    .trim()
    .split('\n')
    .at(-1) as string;
  const env = await startPeer('gordo', options.stateDir);
  try {
    const url = env['LATIGO_TEST_GORDO_URL'] as string;
    const project = env['LATIGO_TEST_GORDO_PROJECT'] as string;
    options.onVersion?.('gordo server', '6.0.4 (PyPI, tools/peers/gordo)');
    options.onVersion?.('gordo-client (Python)', '6.3.0 (PyPI)');
    const port = new URL(url).port;
    const formats = {} as GordoClientResult['formats'];
    for (const format of ['parquet', 'json'] as const) {
      log(`gordo-client: ${format}: Python, ${options.runs} runs after ${options.warmups} unmeasured`);
      const out = await runPython(python, [
        join(__dirname, '..', 'python', 'gordo_client_bench.py'),
        '--port',
        port,
        '--project',
        project,
        '--start',
        options.from,
        '--end',
        options.to,
        '--batch-size',
        String(options.batchSize),
        '--parallelism',
        String(options.parallelism),
        '--runs',
        String(options.runs),
        '--warmups',
        String(options.warmups),
        '--format',
        format,
        ...options.models,
      ]);
      const pyRuns = (
        JSON.parse(out) as {
          runs: Array<RunSample & { wall_ms: number; server_ms: number; errors: string[] }>;
        }
      ).runs;
      const errors = pyRuns.flatMap((r) => r.errors);
      if (errors.length > 0)
        log(`gordo-client: the Python client reported errors: ${errors.slice(0, 2).join('; ')}`);
      const py = summarise(
        pyRuns.map((r) => ({ wallMs: r.wall_ms, serverMs: r.server_ms, requests: r.requests, rows: r.rows })),
      );
      // One request at a time only: with more in flight, a replay in order is no floor.
      const replay = options.parallelism === 1;
      log(
        `gordo-client: ${format}: ours, ${options.runs} runs after ${options.warmups} unmeasured${replay ? ', each followed by a replay of its requests' : ''}`,
      );
      const { ts: tsSamples, floor: floorSamples } = await runInWorker({
        url,
        project,
        work: workOf(options),
        format,
        replay,
      });
      const ts = summarise(tsSamples);
      const floor = replay ? summarise(floorSamples) : undefined;
      formats[format] = { ts, py, ratio: ts.wallMs / py.wallMs, ...(floor ? { floor } : {}) };
      log(
        `gordo-client: ${format}: ours ${ts.wallMs.toFixed(0)} ms, Python ${py.wallMs.toFixed(0)} ms, ratio ${(ts.wallMs / py.wallMs).toFixed(3)}` +
          (floor
            ? `; the same requests replayed ${floor.wallMs.toFixed(0)} ms (${(floor.wallMs / py.wallMs).toFixed(3)} of Python)`
            : ''),
      );
    }
    return {
      models: options.models,
      window: { from: options.from, to: options.to },
      batchSize: options.batchSize,
      parallelism: options.parallelism,
      warmups: options.warmups,
      formats,
    };
  } finally {
    await stopPeer('gordo', options.stateDir);
  }
}

/** Our client's runs in a fresh worker process (see `runOurClient`). */
async function runInWorker(params: OurClientParams): Promise<{ ts: RunSample[]; floor: RunSample[] }> {
  const worker = new WorkerProcess('gordo-client', 'gordo-client');
  try {
    worker.send({ type: 'start', params });
    const result = await worker.next('result');
    await worker.exit();
    return { ts: result['ts'] as RunSample[], floor: result['floor'] as RunSample[] };
  } finally {
    worker.kill();
  }
}

function workOf(options: GordoClientScenarioOptions): GordoClientWork {
  const { models, from, to, batchSize, parallelism, runs, warmups } = options;
  return { models, from, to, batchSize, parallelism, runs, warmups };
}

async function runPython(python: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      args,
      { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(`the Python gordo-client benchmark failed: ${stderr.slice(-2000)}`, { cause: error }),
          );
        else resolve(stdout);
      },
    );
  });
}
