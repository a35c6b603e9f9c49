import { execFile } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { join } from 'node:path';
import { buildDataset, GordoClient, planDataset, predictionDataWindow } from '@latigo/gordo-client';
import { Agent, request } from 'undici';
import { peersDir, startPeer, stopPeer } from '@latigo/peers';
import { runScript } from '../lib/run-script';
import type { ClientRun, GordoClientResult } from '../lib/results';
import { median } from '../lib/stats';
import { randomProviderSeries, randomProviderSizes, seededRandom } from './random-provider';

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

interface RunSample {
  wallMs: number;
  serverMs: number;
  requests: number;
  rows: Record<string, number>;
}

/** `request_walltime_s;dur=0.0123` → 12.3 ms. */
export function serverTimingMs(header: string | undefined): number {
  const dur = /dur=([0-9.eE+-]+)/.exec(header ?? '')?.[1];
  return dur === undefined ? 0 : Number(dur) * 1000;
}

/** Runs `work` with `listener` subscribed to a diagnostics channel, and unsubscribes it after. */
async function whileSubscribed<T>(
  channel: string,
  listener: (message: unknown) => void,
  work: () => Promise<T>,
): Promise<T> {
  subscribe(channel, listener);
  try {
    return await work();
  } finally {
    unsubscribe(channel, listener);
  }
}

/** The `Server-Timing` of every response undici receives while `work` runs. */
async function withServerTimings<T>(
  work: () => Promise<T>,
): Promise<{ result: T; serverMs: number; requests: number }> {
  let serverMs = 0;
  let requests = 0;
  const onHeaders = (message: unknown) => {
    const headers = (message as { response: { headers: Buffer[] } }).response.headers;
    requests++;
    for (let i = 0; i < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === 'server-timing')
        serverMs += serverTimingMs(String(headers[i + 1]));
    }
  };
  const result = await whileSubscribed('undici:request:headers', onHeaders, work);
  return { result, serverMs, requests };
}

/** One request as our client sent it, to send again without the client. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | Uint8Array | string;
}

/** undici's request headers (a flat `[name, value, …]` array or raw `name: value` lines) as an object. */
export function headerRecord(raw: unknown): Record<string, string> {
  const flat = Array.isArray(raw)
    ? raw.map(String)
    : String(raw ?? '')
        .split('\r\n')
        .filter(Boolean)
        .flatMap((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon), line.slice(colon + 1).trim()];
        });
  const out: Record<string, string> = {};
  // Set again by undici for the new request; a stale length would corrupt it.
  for (let i = 0; i + 1 < flat.length; i += 2)
    if (!/^(host|content-length|connection|transfer-encoding)$/i.test(flat[i] as string))
      out[flat[i] as string] = flat[i + 1] as string;
  return out;
}

/** Every request undici creates while `work` runs, in order, with its body. */
async function recordingRequests<T>(
  work: () => Promise<T>,
): Promise<{ result: T; recorded: RecordedRequest[] }> {
  const recorded: RecordedRequest[] = [];
  const onCreate = (message: unknown) => {
    const r = (message as { request: { method: string; path: string; headers: unknown; body?: unknown } })
      .request;
    const body = r.body;
    recorded.push({
      method: r.method,
      path: r.path,
      headers: headerRecord(r.headers),
      ...(typeof body === 'string' || body instanceof Uint8Array ? { body } : {}),
    });
  };
  const result = await whileSubscribed('undici:request:create', onCreate, work);
  return { result, recorded };
}

/**
 * The floor of a client: the requests of one of our runs sent again one after the other, bodies
 * already encoded, answers read and not decoded. What is left is the server (its timed and untimed
 * parts) and HTTP on loopback; our wall minus this is what our client itself adds.
 */
async function replayRun(origin: string, requests: readonly RecordedRequest[]): Promise<RunSample> {
  const agent = new Agent({ connections: 1 });
  try {
    const started = performance.now();
    const { serverMs, requests: sent } = await withServerTimings(async () => {
      for (const r of requests) {
        const response = await request(origin + r.path, {
          method: r.method as 'GET' | 'POST',
          headers: r.headers,
          ...(r.body === undefined ? {} : { body: r.body }),
          dispatcher: agent,
        });
        await response.body.arrayBuffer();
        if (response.statusCode >= 300)
          throw new Error(`replaying ${r.method} ${r.path}: the server answered ${response.statusCode}`);
      }
    });
    return { wallMs: performance.now() - started, serverMs, requests: sent, rows: {} };
  } finally {
    await agent.close();
  }
}

/**
 * What the Python client's `predict` does, with ours (`predictModels`): a fresh client, the
 * latest revision, every model's metadata, then each model's input built from raw points over the
 * offset-extended window and its predictions in batches, at most `parallelism` requests in flight.
 */
async function tsRun(
  url: string,
  project: string,
  options: GordoClientScenarioOptions,
  format: 'parquet' | 'json',
): Promise<RunSample> {
  const agent = new Agent({ connections: Math.max(1, options.parallelism) });
  try {
    const started = performance.now();
    const {
      result: rows,
      serverMs,
      requests,
    } = await withServerTimings(async () => {
      const client = new GordoClient({
        baseUrl: url,
        project,
        dispatcher: agent,
        batchSize: options.batchSize,
        parallelism: options.parallelism,
        format,
      });
      const outcomes = await client.predictModels({
        models: options.models,
        input: (metadata) => {
          const plan = planDataset(metadata);
          const window = predictionDataWindow(metadata, new Date(options.from), new Date(options.to));
          const start = window.start.getTime();
          const end = window.end.getTime();
          const sizes = randomProviderSizes(metadata.dataset.dataProvider);
          const random = seededRandom(1);
          const series = new Map(
            plan.tags.map((tag) => [tag, randomProviderSeries(start, end, random, sizes)]),
          );
          return { X: buildDataset(plan, { start, end }, series) };
        },
      });
      const rows: Record<string, number> = {};
      for (const outcome of outcomes) {
        if (!outcome.ok) throw outcome.error;
        rows[outcome.model] = outcome.prediction.frame.index.length;
      }
      return rows;
    });
    return { wallMs: performance.now() - started, serverMs, requests, rows };
  } finally {
    await agent.close();
  }
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
 * parallelism, each after `warmups` unmeasured runs, alternating formats. Our first run's requests are then
 * replayed after each of our runs: the floor any client would meet on this server.
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
      const { recorded } = await recordingRequests(() => tsRun(url, project, options, format));
      const origin = new URL(url).origin;
      const tsSamples: RunSample[] = [];
      const floorSamples: RunSample[] = [];
      for (let i = 1; i < options.warmups; i++) await tsRun(url, project, options, format);
      if (replay) await replayRun(origin, recorded);
      for (let i = 0; i < options.runs; i++) {
        tsSamples.push(await tsRun(url, project, options, format));
        if (replay) floorSamples.push(await replayRun(origin, recorded));
      }
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
