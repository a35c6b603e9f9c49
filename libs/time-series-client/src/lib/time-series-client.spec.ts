import { BearerAuthenticator, createTokenProvider } from '@latigo/auth';
import { DEFAULT_CLIENT, DEFAULT_TENANT_ID, TimeseriesEmulator, TokenEmulator } from '@latigo/emulators';
import { Agent } from 'undici';
import { MemorySeriesIdCache } from './memory-series-id-cache';
import { TimeSeriesClient, type TimeSeriesClientOptions } from './time-series-client';

const RESOURCE = 'api://omnia-timeseries';
const FROM = new Date('2024-01-08T10:00:00Z');
const TO = new Date('2024-01-08T12:00:00Z');

describe('TimeSeriesClient against the Timeseries emulator (real sockets, real @azure/identity)', () => {
  let tokens: TokenEmulator;
  let emulator: TimeseriesEmulator;
  let dispatcher: Agent;
  const idOf = (tag: string): string => {
    const id = emulator.syntheticSeries(tag)?.id;
    if (!id) throw new Error(`the emulator has no series ${tag}`);
    return id;
  };
  const key = (method: string, path: string) => TimeseriesEmulator.routeKey(method, path, 'v1.7', 'plant');

  beforeAll(async () => {
    tokens = new TokenEmulator();
    await tokens.listen();
    emulator = new TimeseriesEmulator({
      seed: 3,
      knownFacilities: ['1903'],
      auth: { authority: tokens.authority, audiences: [RESOURCE] },
      now: () => Date.parse('2024-02-01T00:00:00Z'),
    });
    await emulator.listen();
    dispatcher = new Agent();
  });
  afterAll(async () => {
    await dispatcher.close();
    await emulator.close();
    await tokens.close();
  });
  beforeEach(() => {
    emulator.server.requests.reset();
    emulator.server.faults.clear();
  });

  const authenticator = () =>
    new BearerAuthenticator(
      createTokenProvider(
        {
          resource: RESOURCE,
          tenant: DEFAULT_TENANT_ID,
          client_id: DEFAULT_CLIENT.clientId,
          client_secret: DEFAULT_CLIENT.clientSecret,
          authority_host_url: tokens.url,
        },
        { where: 'sensor_data.auth', tlsCa: tokens.tls.caCert },
      ),
    );
  const client = (extra: Partial<TimeSeriesClientOptions> = {}) =>
    new TimeSeriesClient({
      baseUrl: emulator.baseUrl('v1.7', 'plant'),
      dispatcher,
      authenticator: authenticator(),
      retry: { baseDelayMs: 1 },
      ...extra,
    });

  it('finds a tag by name and facility once, then serves it from the cache', async () => {
    const ts = client({ seriesIdCache: new MemorySeriesIdCache() });
    const id = await ts.findSeriesId({ name: 'tag-1', facility: '1903' });
    expect(id).toBe(emulator.syntheticSeries('tag-1')?.id);
    expect(await ts.findSeriesId({ name: 'tag-1', facility: '1903' })).toBe(id);
    expect(await ts.findSeriesId({ name: 'no-such-tag', facility: '1903' })).toBeUndefined();
    expect(emulator.server.requests.count(key('GET', '/'))).toBe(2);
  });

  it('reads every datapoint of a window through the pages, in time order', async () => {
    const id = idOf('tag-2');
    const expected = emulator.store.points(id, FROM, new Date(TO.getTime() + 1));
    const points = await client({ readPageSize: 50 }).readDatapoints(id, { from: FROM, to: TO });
    expect(points.times.length).toBe(expected.length);
    expect(Array.from(points.values)).toEqual(expected.map((p) => p.value));
    expect(points.times[0]).toBe(Date.parse(expected[0]?.time ?? ''));
    expect(emulator.server.requests.count(key('GET', '/:id/data'))).toBe(Math.ceil(expected.length / 50));
  });

  it('reads many series in one POST /query/data, through the pages, as the single reads do', async () => {
    const ids = ['tag-1', 'tag-2', 'tag-3'].map(idOf);
    const many = await client({ readPageSize: 50 }).readManyDatapoints(ids, { from: FROM, to: TO });
    const single = client();
    expect([...many.keys()]).toEqual(ids);
    for (const id of ids)
      expect(many.get(id)).toEqual(await single.readDatapoints(id, { from: FROM, to: TO }));
    const pages = Math.ceil(
      emulator.store.points(ids[0] as string, FROM, new Date(TO.getTime() + 1)).length / 50,
    );
    expect(emulator.server.requests.count(key('POST', '/query/data'))).toBe(pages);
  });

  it('reads aggregates per processing interval', async () => {
    const id = idOf('tag-3');
    const result = await client().readAggregates(id, {
      from: FROM,
      to: new Date('2024-01-08T11:00:00Z'),
      functions: ['avg', 'max'],
      processingInterval: '10m',
    });
    expect(Array.from(result.times)).toEqual(
      Array.from({ length: 6 }, (_, i) => FROM.getTime() + i * 600_000),
    );
    expect(result.avg.every((v, i) => v <= (result.max[i] as number))).toBe(true);
  });

  it('creates a missing output series once, also when two executors race for it', async () => {
    const spec = { name: `tag-1|model-a|model-output|${Date.now()}`, facility: '1903' };
    const [a, b] = await Promise.all([client().findOrCreateSeries(spec), client().findOrCreateSeries(spec)]);
    expect(a).toBe(b);
    expect(emulator.store.findByName(spec.name, '1903')).toHaveLength(1);
    expect(emulator.server.requests.snapshot().routes[key('POST', '/')]?.statuses).toEqual({
      '200': 1,
      '409': 1,
    });
  });

  it('writes in chunks, and writing the same points again stores identical data', async () => {
    const id = await client().findOrCreateSeries({ name: `out-${Date.now()}`, facility: '1903' });
    const times = Array.from({ length: 250 }, (_, i) => FROM.getTime() + i * 60_000);
    const values = times.map((_, i) => (i === 10 ? NaN : i / 10));
    const ts = client({ maxPointsPerWrite: 100 });
    expect(await ts.writeDatapoints([{ id, times, values }])).toEqual({
      written: 249,
      skippedNaN: 1,
      requests: 3,
    });
    const first = emulator.store.points(id);
    await ts.writeDatapoints([{ id, times, values }]);
    expect(emulator.store.points(id)).toEqual(first);
    expect(first).toHaveLength(249);
    expect(first[0]).toEqual({ time: '2024-01-08T10:00:00.0000000Z', value: 0, status: 192 });
  });

  it('fails a write answered by an HTML sign-in page with 200: nothing was stored', async () => {
    const id = idOf('tag-5');
    emulator.server.faults.add({ route: key('POST', '/data'), htmlPageRate: 1, times: 1 });
    await expect(
      client().writeDatapoints([{ id, times: [TO.getTime()], values: [1] }]),
    ).rejects.toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      context: { status: 200, path: '/plant/timeseries/v1.7/data' },
    });
  });

  it('retries a write that met 503s (the emulator counts the attempts) and never retries a 404', async () => {
    const id = idOf('tag-4');
    emulator.server.faults.add({ route: key('POST', '/data'), serverErrorRate: 1, times: 2 });
    await client().writeDatapoints([{ id, times: [TO.getTime()], values: [1] }]);
    expect(emulator.server.requests.snapshot().routes[key('POST', '/data')]?.statuses).toEqual({
      '503': 2,
      '200': 1,
    });

    await expect(
      client().readDatapoints('00000000-0000-4000-8000-000000000000', { from: FROM, to: TO }),
    ).rejects.toMatchObject({
      code: 'UPSTREAM_STATUS',
      context: {
        status: 404,
        attempts: 1,
        path: '/plant/timeseries/v1.7/00000000-0000-4000-8000-000000000000/data',
      },
    });
  });

  it('is refused without a token', async () => {
    const anonymous = new TimeSeriesClient({ baseUrl: emulator.baseUrl('v1.7', 'plant'), dispatcher });
    await expect(anonymous.findSeries({ name: 'tag-1' })).rejects.toMatchObject({ context: { status: 401 } });
  });
});
