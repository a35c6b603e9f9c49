import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { buildDataset, GordoClient, planDataset, predictionDataWindow } from '@latigo/gordo-client';
import { Agent, request } from 'undici';
import type { GordoClientWork } from './gordo-client';
import { createRandom } from '@latigo/emulators/random';
import { randomProviderSeries, randomProviderSizes } from './random-provider';

export interface RunSample {
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
  options: GordoClientWork,
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
          const random = createRandom(1).next;
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

/** What the worker process is asked to run: our client on one format against one server. */
export interface OurClientParams {
  url: string;
  project: string;
  work: GordoClientWork;
  format: 'parquet' | 'json';
  /** Replay the first run's requests after each measured run (parallelism 1 only). */
  replay: boolean;
}

/**
 * Our client's part of scenario 3, in a process of its own as the Python client is in its own:
 * `warmups` unmeasured runs (the first one recorded), then each measured run followed by a replay
 * of the recorded requests.
 */
export async function runOurClient(
  params: OurClientParams,
): Promise<{ ts: RunSample[]; floor: RunSample[] }> {
  const { url, project, work, format } = params;
  const { recorded } = await recordingRequests(() => tsRun(url, project, work, format));
  const origin = new URL(url).origin;
  const ts: RunSample[] = [];
  const floor: RunSample[] = [];
  for (let i = 1; i < work.warmups; i++) await tsRun(url, project, work, format);
  if (params.replay) await replayRun(origin, recorded);
  for (let i = 0; i < work.runs; i++) {
    ts.push(await tsRun(url, project, work, format));
    if (params.replay) floor.push(await replayRun(origin, recorded));
  }
  return { ts, floor };
}
