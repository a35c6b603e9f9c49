import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpstreamError } from '@latigo/http-client';
import { type Logger, noopLogger } from '@latigo/observability';
import { Agent } from 'undici';
import { apiBase, GordoClient, type GordoClientOptions } from './client';
import { gordoClientOptionsFromConfig } from './config';
import { GordoError } from './errors';
import { formatPandasTimestamp } from './pandas-time';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
}
type Answer = { status: number; type?: string; body: string; delayMs?: number };
type Handler = (req: Seen) => Answer | undefined;

const json = (value: unknown, status = 200): Answer => ({
  status,
  type: 'application/json',
  body: JSON.stringify(value),
});

const T0 = Date.UTC(2020, 1, 1);
const STEP = 600_000;

/** Metadata of a two-tag model with the given offset (the fields the client reads). */
const metadataBody = (offset = 0) =>
  json({
    metadata: {
      name: 'm',
      project_name: 'p',
      dataset: { tag_list: ['b', 'a'], resolution: '10T' },
      metadata: { build_metadata: { model: { model_offset: offset, model_meta: {} } } },
    },
    revision: '2',
  });

/**
 * A Gordo-like answer to a JSON prediction: model-input = X, model-output = 2·X, without the
 * first `offset` rows (as models with a lookback answer), keys sorted as the server sorts them.
 */
function predictionBody(requestBody: string, offset = 0): Answer {
  const { X } = JSON.parse(requestBody) as { X: Record<string, Record<string, number>> };
  const tags = Object.keys(X).sort();
  const keys = Object.keys(X[tags[0] as string] ?? {}).slice(offset);
  const column = (f: (tag: string, key: string) => unknown) =>
    Object.fromEntries(keys.map((k) => [k, f('', k)]));
  return json({
    data: {
      end: { end: column((_t, k) => new Date(Date.parse(k.replace(' ', 'T')) + STEP).toISOString()) },
      'model-input': Object.fromEntries(tags.map((t) => [t, column((_x, k) => X[t]?.[k])])),
      'model-output': Object.fromEntries(tags.map((t) => [t, column((_x, k) => 2 * (X[t]?.[k] ?? NaN))])),
      start: { start: column((_t, k) => k.replace(' ', 'T')) },
    },
  });
}

/** A loopback Gordo answering from `handler`, recording every request and the peak concurrency. */
async function fakeGordo(handler: Handler) {
  const seen: Seen[] = [];
  let inFlight = 0;
  let peak = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const request = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(request);
      peak = Math.max(peak, ++inFlight);
      const answer = handler(request) ?? { status: 404, type: 'text/html', body: '<h1>Not Found</h1>' };
      setTimeout(() => {
        inFlight--;
        res.writeHead(answer.status, { 'content-type': answer.type ?? 'text/html' });
        res.end(answer.body);
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    posts: () => seen.filter((r) => r.method === 'POST'),
    peak: () => peak,
    close: async () => {
      await new Promise((r) => server.close(r));
      server.closeAllConnections();
    },
  };
}

/** Default routes: revisions, metadata, JSON predictions. */
const gordoRoutes =
  (overrides: Handler = () => undefined, offset = 0): Handler =>
  (req) =>
    overrides(req) ??
    (req.path.endsWith('/revisions')
      ? json({ 'available-revisions': ['10', '2', 'lost+found', '9'], latest: '2', revision: '2' })
      : req.path.endsWith('/m/metadata')
        ? metadataBody(offset)
        : req.path.endsWith('/prediction') && req.method === 'POST'
          ? predictionBody(req.body, offset)
          : undefined);

/** Rows at 10-minute steps with columns a = i, b = 100 + i. */
const input = (rows: number) => ({
  index: Array.from({ length: rows }, (_, i) => T0 + i * STEP),
  columns: {
    a: Array.from({ length: rows }, (_, i) => i),
    b: Array.from({ length: rows }, (_, i) => 100 + i),
  },
});

describe('GordoClient', () => {
  let dispatcher: Agent;
  let server: Awaited<ReturnType<typeof fakeGordo>> | undefined;
  beforeEach(() => (dispatcher = new Agent()));
  afterEach(async () => {
    await dispatcher.close();
    await server?.close();
    server = undefined;
  });

  const start = async (handler: Handler, options: Partial<GordoClientOptions> = {}) => {
    server = await fakeGordo(handler);
    return new GordoClient({
      baseUrl: server.url,
      project: 'p',
      dispatcher,
      format: 'json',
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      ...options,
    });
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('finds the API root with or without /gordo/vN and a trailing slash', () => {
    expect(apiBase('https://gordo.example')).toBe('https://gordo.example/gordo/v0');
    expect(apiBase('https://gordo.example/gordo/v0/')).toBe('https://gordo.example/gordo/v0');
    expect(apiBase('http://gw.example:8080/prefix/gordo/v1')).toBe('http://gw.example:8080/prefix/gordo/v1');
    expect(apiBase('https://gw.example/prefix/?x=1')).toBe('https://gw.example/prefix/gordo/v0');
  });

  it('lists numeric revisions ascending and answers again from memory within the TTL', async () => {
    const gordo = await start(gordoRoutes());
    expect(await gordo.getRevisions()).toEqual({ latest: '2', available: ['2', '9', '10'] });
    await gordo.getRevisions();
    expect(server?.seen.map((r) => r.path)).toEqual(['/gordo/v0/p/revisions']);
  });

  it('pins metadata to the latest revision, caches it per revision, and does not cache a failure', async () => {
    let fail = true;
    const gordo = await start(
      gordoRoutes((req) => {
        if (req.path.endsWith('/metadata') && fail) return ((fail = false), { status: 503, body: 'busy' });
        return undefined;
      }),
      { retry: { maxAttempts: 1 } },
    );
    expect(await failure(gordo.getMetadata('m'))).toMatchObject({
      code: 'GORDO_UNAVAILABLE',
      retryable: true,
    });
    const metadata = await gordo.getMetadata('m');
    await gordo.getMetadata('m', '2');
    expect(metadata.inputTags.map((t) => t.name)).toEqual(['b', 'a']);
    expect(server?.seen.map((r) => `${r.path}?${r.query}`)).toEqual([
      '/gordo/v0/p/revisions?',
      '/gordo/v0/p/m/metadata?revision=2',
      '/gordo/v0/p/m/metadata?revision=2',
    ]);
  });

  it.each([
    [400, 'GORDO_BAD_REQUEST', 1, false],
    [401, 'GORDO_UNAUTHORIZED', 1, false],
    [404, 'GORDO_MODEL_NOT_FOUND', 1, false],
    [410, 'GORDO_REVISION_GONE', 1, false],
    [500, 'GORDO_UNAVAILABLE', 3, true],
    [503, 'GORDO_UNAVAILABLE', 3, true],
  ])('maps %i on a model route to %s after %i attempt(s)', async (status, code, attempts, retryable) => {
    const long = `{"error": "${'x'.repeat(1000)}"}`;
    const gordo = await start(() => ({ status, type: 'application/json', body: long }));
    const error = await failure(gordo.getMetadata('m', '2'));
    expect(error).toBeInstanceOf(GordoError);
    expect(error).toMatchObject({
      code,
      retryable,
      context: { project: 'p', model: 'm', revision: '2', status },
    });
    expect((error as GordoError).cause).toBeInstanceOf(UpstreamError);
    expect((error as GordoError).context.bodyExcerpt?.length).toBeLessThanOrEqual(301);
    expect(server?.seen).toHaveLength(attempts);
  });

  it('reports a 404 without a model (a wrong base URL) as GORDO_BAD_REQUEST', async () => {
    const gordo = await start(() => undefined);
    expect(await failure(gordo.getRevisions())).toMatchObject({
      code: 'GORDO_BAD_REQUEST',
      context: { status: 404 },
    });
  });

  it.each([
    [
      'an HTML sign-in page',
      { status: 200, type: 'text/html; charset=utf-8', body: '<title>Sign in</title>' },
      /text\/html.*Sign in/,
    ],
    ['malformed JSON', { status: 200, type: 'application/json', body: '{"models": [' }, /malformed JSON/],
    ['JSON without the list', json({ revision: '2' }), /no "models" list/],
  ])('reports %s on a 200 as GORDO_BAD_RESPONSE, once', async (_what, answer, message) => {
    const gordo = await start(() => answer);
    const error = await failure(gordo.getModels('2'));
    expect(error).toMatchObject({ code: 'GORDO_BAD_RESPONSE', retryable: false });
    expect((error as Error).message).toMatch(message);
    expect(server?.seen).toHaveLength(1);
  });

  it('sends X in the model tag order and y with the target tags, and returns a columnar frame', async () => {
    const gordo = await start(gordoRoutes());
    const result = await gordo.predict({ model: 'm', X: input(3) });
    const sent = JSON.parse(server?.posts()[0]?.body ?? '{}') as { X: object; y: object };
    expect(Object.keys(sent.X)).toEqual(['b', 'a']);
    expect(Object.keys(sent.y)).toEqual(['b', 'a']);
    expect(Object.keys((sent.X as Record<string, object>)['a'] ?? {})).toEqual(
      [0, 1, 2].map((i) => formatPandasTimestamp(T0 + i * STEP)),
    );
    expect(result).toMatchObject({ model: 'm', revision: '2', route: 'anomaly', format: 'json', batches: 1 });
    expect([...(result.frame.columns.get('model-output')?.keys() ?? [])]).toEqual(['b', 'a']);
    expect(result.frame.columns.get('model-output')?.get('a')).toEqual(Float64Array.from([0, 2, 4]));
    expect(result.frame.end).toEqual(Float64Array.from([1, 2, 3], (i) => T0 + i * STEP));
  });

  it('keeps at most `parallelism` batches in flight and joins them in time order whatever order they finish in', async () => {
    const gordo = await start(
      gordoRoutes((req) => {
        if (req.method !== 'POST') return undefined;
        const answer = predictionBody(req.body);
        // The earliest batch answers last.
        return req.body.includes(formatPandasTimestamp(T0)) ? { ...answer, delayMs: 50 } : answer;
      }),
      { batchSize: 2, parallelism: 2 },
    );
    const result = await gordo.predict({ model: 'm', X: input(11) });
    expect(result.batches).toBe(6);
    expect(server?.posts()).toHaveLength(6);
    expect(server?.peak()).toBe(2);
    expect(Array.from(result.frame.index)).toEqual(input(11).index);
    expect(Array.from(result.frame.columns.get('model-input')?.get('a') ?? [])).toEqual(input(11).columns.a);
  });

  /**
   * Runs `work` against a Gordo that takes 100 ms per prediction (so the order does not depend on
   * how busy the machine is), recording each prediction as undici writes it to the socket and
   * each decoded batch (its debug line), each described by the given functions.
   */
  async function sendsAndDecodes(
    describe: { sent: (body: string) => string; decoded: (meta: Record<string, unknown>) => string },
    options: Partial<GordoClientOptions>,
    work: (gordo: GordoClient, note: (event: string) => void) => Promise<unknown>,
  ): Promise<string[]> {
    const events: string[] = [];
    const onSent = (message: unknown) => {
      const { request } = message as { request: { method: string; body: unknown } };
      if (request.method === 'POST') events.push(`send ${describe.sent(String(request.body))}`);
    };
    const logger: Logger = {
      ...noopLogger,
      debug: (message, meta) => {
        if (message === 'gordo: batch predicted') events.push(`decoded ${describe.decoded(meta ?? {})}`);
      },
      child: () => logger,
    };
    subscribe('undici:client:sendHeaders', onSent);
    try {
      const slow = gordoRoutes((req) =>
        req.method === 'POST' ? { ...predictionBody(req.body), delayMs: 100 } : undefined,
      );
      await work(await start(slow, { ...options, logger }), (event) => events.push(event));
      return events;
    } finally {
      unsubscribe('undici:client:sendHeaders', onSent);
    }
  }

  it('sends the next batch before decoding an answer, so the server does not wait on the decoding', async () => {
    const firstRow = (body: string) => /"(\d{4}-\d\d-\d\d \d\d:\d\d)/.exec(body)?.[1] ?? '';
    // An instant answer to batch 1 could beat batch 2's encoding (then nothing waits): hence 100 ms.
    const events = await sendsAndDecodes(
      { sent: firstRow, decoded: (meta) => `batch ${String(meta['batch'])}` },
      { batchSize: 2, parallelism: 1 },
      async (gordo) => {
        const result = await gordo.predict({ model: 'm', X: input(6) });
        expect(Array.from(result.frame.index)).toEqual(input(6).index);
      },
    );
    expect(server?.peak()).toBe(1);
    expect(events).toEqual([
      'send 2020-02-01 00:00',
      'send 2020-02-01 00:20',
      'decoded batch 0',
      'send 2020-02-01 00:40',
      'decoded batch 1',
      'decoded batch 2',
    ]);
  });

  it("sends another prediction's waiting batch before decoding a last answer", async () => {
    // Two single-batch predictions of 3 and 5 rows, told apart by their row count (2 tags in X and y).
    const rows = (body: string) => String((body.match(/"2020-02-01 /g)?.length ?? 0) / 4);
    const events = await sendsAndDecodes(
      { sent: rows, decoded: (meta) => String(meta['rows']) },
      { batchSize: 10, parallelism: 1 },
      (gordo) =>
        Promise.all([gordo.predict({ model: 'm', X: input(3) }), gordo.predict({ model: 'm', X: input(5) })]),
    );
    expect(server?.peak()).toBe(1);
    expect(events).toEqual(['send 3', 'send 5', 'decoded 3', 'decoded 5']);
  });

  it("builds the next model's input once the current model's request is on the wire", async () => {
    const rows = (body: string) => String((body.match(/"2020-02-01 /g)?.length ?? 0) / 4);
    const sizes = [3, 5];
    const events = await sendsAndDecodes(
      { sent: rows, decoded: (meta) => String(meta['rows']) },
      { batchSize: 10, parallelism: 1 },
      async (gordo, note) => {
        const outcomes = await gordo.predictModels({
          models: ['m', 'm'],
          input: () => {
            const n = sizes.shift() as number;
            note(`input ${n}`);
            return { X: input(n) };
          },
        });
        expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
      },
    );
    expect(events).toEqual(['input 3', 'send 3', 'input 5', 'send 5', 'decoded 3', 'decoded 5']);
  });

  it('overlaps batches by the model offset, so the joined rows have no gaps', async () => {
    const gordo = await start(gordoRoutes(undefined, 1), { batchSize: 4 });
    const result = await gordo.predict({ model: 'm', X: input(10) });
    expect(server?.posts()).toHaveLength(3);
    expect(Array.from(result.frame.index)).toEqual(input(10).index.slice(1));
  });

  it('stops sending batches after the first failure', async () => {
    let posts = 0;
    const gordo = await start(
      gordoRoutes((req) =>
        req.method === 'POST' && ++posts === 2 ? json({ message: 'Unexpected features' }, 400) : undefined,
      ),
      { batchSize: 2, parallelism: 1 },
    );
    const error = await failure(gordo.predict({ model: 'm', X: input(10) }));
    expect(error).toMatchObject({ code: 'GORDO_BAD_REQUEST', context: { status: 400 } });
    expect((error as Error).message).toContain('Unexpected features');
    expect(server?.posts()).toHaveLength(2);
  });

  it('falls back to /prediction on 422 and reports a 422 there as GORDO_BAD_REQUEST', async () => {
    const gordo = await start(
      gordoRoutes((req) => (req.method === 'POST' ? json({ message: 'nope' }, 422) : undefined)),
    );
    const error = await failure(gordo.predict({ model: 'm', X: input(2) }));
    expect(error).toMatchObject({ code: 'GORDO_BAD_REQUEST', context: { status: 422 } });
    expect(server?.posts().map((r) => r.path)).toEqual([
      '/gordo/v0/p/m/anomaly/prediction',
      '/gordo/v0/p/m/prediction',
    ]);
  });

  it('rejects an answer whose columns name tags the model does not have (GORDO_BAD_RESPONSE, once), naming the model, columns and route', async () => {
    const gordo = await start(
      gordoRoutes((req) => {
        if (req.method !== 'POST') return undefined;
        // As if a proxy or another model answered: one of the model's tags renamed.
        const answer = predictionBody(req.body);
        return { ...answer, body: answer.body.replace(/"a"/g, '"zz"') };
      }),
    );
    const error = await failure(gordo.predict({ model: 'm', revision: '2', X: input(3) }));
    expect(error).toBeInstanceOf(GordoError);
    expect(error).toMatchObject({
      code: 'GORDO_BAD_RESPONSE',
      retryable: false,
      context: {
        project: 'p',
        model: 'm',
        revision: '2',
        path: '/gordo/v0/p/m/anomaly/prediction',
        status: 200,
      },
    });
    expect((error as Error).message).toBe(
      'gordo: POST /gordo/v0/p/m/anomaly/prediction answered 200 with columns that do not fit model p/m at revision 2: ' +
        'unexpected "model-input/zz", "model-output/zz"; missing "model-input/a", "model-output/a"',
    );
    expect(server?.posts()).toHaveLength(1);
  });

  it('rejects an answer without model-output on the /prediction fallback too', async () => {
    const gordo = await start(
      gordoRoutes((req) => {
        if (req.method !== 'POST') return undefined;
        if (req.path.endsWith('/anomaly/prediction')) return json({ message: 'not an anomaly model' }, 422);
        const body = JSON.parse(predictionBody(req.body).body) as { data: Record<string, unknown> };
        delete body.data['model-output'];
        return json(body);
      }),
    );
    const error = await failure(gordo.predict({ model: 'm', revision: '2', X: input(2) }));
    expect(error).toMatchObject({
      code: 'GORDO_BAD_RESPONSE',
      context: { path: '/gordo/v0/p/m/prediction' },
    });
    expect((error as Error).message).toMatch(
      /columns that do not fit model p\/m .*: missing "model-output"$/,
    );
  });

  it.each([
    ['a missing tag', { index: [T0], columns: { b: [1] } }, /X lacks the model's tags: a/],
    ['a NaN value', { index: [T0, T0 + STEP], columns: { a: [1, NaN], b: [1, 2] } }, /X.a\[1\] is NaN/],
    [
      'unsorted timestamps',
      { index: [T0 + STEP, T0], columns: { a: [1, 2], b: [1, 2] } },
      /not strictly ascending/,
    ],
    ['unequal lengths', { index: [T0, T0 + STEP], columns: { a: [1], b: [1, 2] } }, /X.a has 1 values for 2/],
    ['no rows', { index: [], columns: { a: [], b: [] } }, /no rows/],
  ])('rejects %s before sending anything (GORDO_INVALID_INPUT)', async (_what, X, message) => {
    const gordo = await start(gordoRoutes());
    const error = await failure(gordo.predict({ model: 'm', revision: '2', X }));
    expect(error).toMatchObject({
      code: 'GORDO_INVALID_INPUT',
      retryable: false,
      context: { model: 'm', revision: '2' },
    });
    expect((error as Error).message).toMatch(message);
    expect(server?.posts()).toHaveLength(0);
  });

  it('rejects a y whose timestamps differ from X', async () => {
    const gordo = await start(gordoRoutes());
    const y = { ...input(2), index: [T0, T0 + 2 * STEP] };
    expect(await failure(gordo.predict({ model: 'm', revision: '2', X: input(2), y }))).toMatchObject({
      code: 'GORDO_INVALID_INPUT',
    });
  });
});

describe('gordoClientOptionsFromConfig', () => {
  it('maps a Latigo predictor section: retries after the first attempt, parquet unless use_parquet is false', () => {
    const options = gordoClientOptionsFromConfig(
      {
        connection_string: 'https://g.example/gordo/v0/',
        batch_size: 500,
        parallelism: 2,
        n_retries: 5,
        use_parquet: true,
      },
      { project: 'p' },
    );
    expect(options).toMatchObject({
      baseUrl: 'https://g.example/gordo/v0/',
      project: 'p',
      batchSize: 500,
      parallelism: 2,
      format: 'parquet',
      retry: { maxAttempts: 6 },
    });
    expect(
      gordoClientOptionsFromConfig({ connection_string: 'x', use_parquet: false }, { project: 'p' }).format,
    ).toBe('json');
  });
});
