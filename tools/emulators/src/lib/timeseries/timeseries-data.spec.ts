import { Agent, request } from 'undici';
import { TimeseriesEmulator } from './timeseries-emulator';

// Tests read arbitrary JSON replies and let the assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reply = { status: number; body: any };

const NOW = Date.UTC(2024, 0, 10);
const V16 = '/plant-beta/timeseries/v1.6';
const TAGS = ['1903.R-29TE3001.MA_Y', '1903.R-29PT3002.MA_Y', '1903.R-29FT3003.MA_Y'] as const;
const FROM = '2024-01-08T10:00:00Z';
const TO = '2024-01-08T10:30:00Z';

describe('TimeseriesEmulator datapoints', () => {
  let emulator: TimeseriesEmulator;
  let dispatcher: Agent;

  beforeAll(async () => {
    emulator = new TimeseriesEmulator({ now: () => NOW, sensors: [{ facility: '1903', tags: TAGS }] });
    await emulator.listen();
    dispatcher = new Agent({ keepAliveTimeout: 1000 });
  });
  afterAll(async () => {
    await dispatcher.close();
    await emulator.close();
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const res = await request(`${emulator.url}${path}`, {
      method: method as 'GET',
      dispatcher,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
  }

  const idOf = (tag: string) => {
    const series = emulator.syntheticSeries(tag);
    if (!series) throw new Error(`no synthetic series ${tag}`);
    return series.id;
  };
  const newSeries = async (name: string) =>
    (await call('POST', V16, { name, facility: '1903', step: true, unit: '', externalId: '' })).body.data
      .items[0].id as string;
  // Reads include a point exactly at endTime, so the store's half-open window ends 1 µs later.
  const inclusive = (end: string) => new Date(Date.parse(end) + 1);

  it("answers Latigo's multi-series query with every synthetic point of each window", async () => {
    const body = TAGS.map((tag) => ({
      id: idOf(tag),
      startTime: FROM,
      endTime: TO,
      limit: 100000,
      includeOutsidePoints: false,
    }));
    const reply = await call('POST', `${V16}/query/data`, body);
    expect(reply.status).toBe(200);
    expect(reply.body.continuationToken).toBeNull();
    expect(reply.body.data.items.map((i: { id: string }) => i.id)).toEqual(TAGS.map(idOf));
    for (const item of reply.body.data.items) {
      expect(Object.keys(item)).toEqual(['id', 'datapoints']);
      expect(item.datapoints).toEqual(emulator.store.points(item.id, FROM, inclusive(TO)));
      expect(item.datapoints.length).toBeGreaterThanOrEqual(29);
    }
    expect(reply.body.data.items[0].datapoints[0].time).toMatch(/^2024-01-08T10:0\d:\d\d\.\d{7}Z$/);
  });

  it('refuses more than 100 items in one query with a 400 MessageModel', async () => {
    const body = Array.from({ length: 101 }, () => ({ id: idOf(TAGS[0]), startTime: FROM, endTime: TO }));
    const reply = await call('POST', `${V16}/query/data`, body);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      statusCode: 400,
      message: 'The request contains 101 items; at most 100 are allowed.',
    });
  });

  it('pages a raw read by limit and continuation token, without gaps or repeats', async () => {
    const id = idOf(TAGS[0]);
    const window = 'startTime=2024-01-08T00:00:00Z&endTime=2024-01-08T05:00:00Z';
    const seen: unknown[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const reply: Reply = await call(
        'GET',
        `${V16}/${id}/data?${window}&limit=100${token ? `&continuationToken=${token}` : ''}`,
      );
      expect(reply.body.data.items[0].datapoints.length).toBeLessThanOrEqual(100);
      seen.push(...reply.body.data.items[0].datapoints);
      token = reply.body.continuationToken;
      pages += 1;
    } while (token);
    const expected = emulator.store.points(id, '2024-01-08T00:00:00Z', inclusive('2024-01-08T05:00:00Z'));
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 100));
  });

  it('defaults the limit to 1000 and refuses 0 and 100,001', async () => {
    const id = idOf(TAGS[1]);
    const page = await call('GET', `${V16}/${id}/data?startTime=2024-01-01&endTime=2024-01-03`);
    expect(page.body.data.items[0].datapoints).toHaveLength(1000);
    expect(page.body.continuationToken).toEqual(expect.any(String));
    expect((await call('GET', `${V16}/${id}/data?limit=0`)).status).toBe(400);
    const tooMany = await call('GET', `${V16}/${id}/data?limit=100001`);
    expect(tooMany.body.message).toBe('limit must be between 1 and 100000, got 100001.');
  });

  it('accepts Python booleans and adds the nearest outside points only when asked', async () => {
    const id = idOf(TAGS[2]);
    const read = (flag: string) =>
      call(
        'GET',
        `${V16}/${id}/data?startTime=${FROM}&endTime=${TO}&limit=100000&includeOutsidePoints=${flag}`,
      );
    const without = (await read('False')).body.data.items[0].datapoints;
    const withOutside = (await read('TRUE')).body.data.items[0].datapoints;
    expect(withOutside).toHaveLength(without.length + 2);
    expect(withOutside.slice(1, -1)).toEqual(without);
    expect(Date.parse(withOutside[0].time)).toBeLessThan(Date.parse(FROM));
    expect(Date.parse(withOutside.at(-1).time)).toBeGreaterThan(Date.parse(TO));
    expect((await read('maybe')).status).toBe(400);
  });

  it('reads the same window given with +01:00 offsets, 7-digit fractions or an unencoded + turned into a space', async () => {
    const id = idOf(TAGS[0]);
    const read = async (start: string, end: string) =>
      (await call('GET', `${V16}/${id}/data?startTime=${start}&endTime=${end}`)).body.data.items[0]
        .datapoints;
    const utc = await read(FROM, TO);
    expect(
      await read(encodeURIComponent('2024-01-08T11:00:00+01:00'), '2024-01-08T10:30:00.0000000Z'),
    ).toEqual(utc);
    expect(await read('2024-01-08T11:00:00+01:00', '2024-01-08 10:30:00')).toEqual(utc);
  });

  it('keeps only the statuses named by repeated status keys', async () => {
    const id = idOf(TAGS[1]);
    const window = { from: '2024-01-01T00:00:00Z', to: '2024-01-03T00:00:00Z' };
    const reply = await call(
      'GET',
      `${V16}/${id}/data?startTime=${window.from}&endTime=${window.to}&limit=100000&status=64&status=0`,
    );
    const expected = emulator.store
      .points(id, window.from, inclusive(window.to))
      .filter((p) => p.status !== 192);
    expect(expected.length).toBeGreaterThan(0);
    expect(reply.body.data.items[0].datapoints).toEqual(expected);
  });

  it("stores Latigo's bulk write with string statuses, and a second write of the same times replaces the first", async () => {
    const id = await newSeries('1903.INDICATOR|model|total-anomaly-confidence');
    const points = (value: number) =>
      ['2024-01-08T10:00:00Z', '2024-01-08T10:10:00Z'].map((time) => ({ time, value, status: '0' }));
    const first = await call('POST', `${V16}/data`, { items: [{ id, datapoints: points(1.5) }] });
    expect(first).toEqual({
      status: 200,
      body: { statusCode: 200, message: 'Successfully wrote datapoints to 1 timeseries' },
    });
    await call('POST', `${V16}/data`, { items: [{ id, datapoints: points(2.5) }] });
    expect(emulator.store.points(id)).toEqual([
      { time: '2024-01-08T10:00:00.0000000Z', value: 2.5, status: 0 },
      { time: '2024-01-08T10:10:00.0000000Z', value: 2.5, status: 0 },
    ]);
  });

  it('refuses a bulk write naming an unknown series and stores nothing of it', async () => {
    const id = await newSeries('atomic-write');
    const reply = await call('POST', `${V16}/data`, {
      items: [
        { id, datapoints: [{ time: FROM, value: 1, status: 192 }] },
        { id: '00000000-0000-4000-8000-000000000000', datapoints: [] },
      ],
    });
    expect(reply.status).toBe(404);
    expect(emulator.store.points(id)).toEqual([]);
  });

  it('lets a written point win over the synthetic one at the same time', async () => {
    const id = idOf(TAGS[0]);
    const synthetic = emulator.store.points(id, FROM, TO)[3];
    if (!synthetic) throw new Error('the window has fewer than 4 points');
    const reply = await call('POST', `${V16}/${id}/data`, {
      datapoints: [{ time: synthetic.time, value: -1, status: 64 }],
    });
    expect(reply.body.message).toBe(`Successfully wrote 1 datapoints to timeseries ${id}`);
    const after = emulator.store.points(id, FROM, TO);
    expect(after[3]).toEqual({ time: synthetic.time, value: -1, status: 64 });
    expect(after.filter((p) => p.time === synthetic.time)).toHaveLength(1);
  });

  it('queues writes by default in v1.7 (202) and commits them when async=False (200)', async () => {
    const id = await newSeries('async-default');
    const write = (query: string) =>
      call('POST', `/plant/timeseries/v1.7/${id}/data${query}`, {
        datapoints: [{ time: FROM, value: 1, status: 192 }],
      });
    expect((await write('')).status).toBe(202);
    expect((await write('?async=False')).status).toBe(200);
    expect((await call('POST', `/plant/timeseries/v1.5/${id}/data`, { datapoints: [] })).status).toBe(200);
  });

  it('deletes datapoints from startTime inclusive to endTime exclusive, and fails without a window as the 2020 beta did', async () => {
    const id = await newSeries('deletable');
    const times = ['2024-01-08T10:00:00Z', '2024-01-08T10:01:00Z', '2024-01-08T10:02:00Z'];
    await call('POST', `${V16}/${id}/data`, {
      datapoints: times.map((time) => ({ time, value: 1, status: 192 })),
    });
    const deleted = await call('DELETE', `${V16}/${id}/data?startTime=${times[0]}&endTime=${times[2]}`);
    expect(deleted.status).toBe(200);
    expect(emulator.store.points(id).map((p) => p.time)).toEqual(['2024-01-08T10:02:00.0000000Z']);
    const noWindow = await call('DELETE', `${V16}/${id}/data`);
    expect(noWindow.status).toBe(500);
    expect(noWindow.body.message).toBe('Unable to query timeseries database.');
  });

  it('hides deleted synthetic data but shows points written there afterwards', async () => {
    const id = idOf(TAGS[1]);
    await call('DELETE', `${V16}/${id}/data?startTime=2024-01-05T00:00:00Z&endTime=2024-01-05T01:00:00Z`);
    expect(emulator.store.points(id, '2024-01-05T00:00:00Z', '2024-01-05T01:00:00Z')).toEqual([]);
    await call('POST', `${V16}/${id}/data`, {
      datapoints: [{ time: '2024-01-05T00:30:00Z', value: 5, status: 192 }],
    });
    expect(emulator.store.points(id, '2024-01-05T00:00:00Z', '2024-01-05T01:00:00Z')).toHaveLength(1);
  });

  it('carries name and unit in v1.5 data items only', async () => {
    const id = idOf(TAGS[0]);
    const v15 = await call('GET', `/plant/timeseries/v1.5/${id}/data?startTime=${FROM}&endTime=${TO}`);
    const v17 = await call('GET', `/plant/timeseries/v1.7/${id}/data?startTime=${FROM}&endTime=${TO}`);
    expect(v15.body.data.items[0]).toMatchObject({ id, name: TAGS[0], unit: 'degC' });
    expect(Object.keys(v17.body.data.items[0])).toEqual(['id', 'datapoints']);
  });

  it('answers first and latest within optional bounds, never after the clock', async () => {
    const id = idOf(TAGS[2]);
    const latest = await call('GET', `${V16}/${id}/data/latest`);
    const [point] = latest.body.data.items[0].datapoints;
    expect(Date.parse(point.time)).toBeLessThanOrEqual(NOW);
    expect(Date.parse(point.time)).toBeGreaterThan(NOW - 120_000);
    const first = await call('GET', `${V16}/${id}/data/first?afterTime=2024-01-08T10:00:00Z`);
    expect(first.body.data.items[0].datapoints).toEqual(emulator.store.points(id, FROM, TO).slice(0, 1));
    const multi = await call('POST', `${V16}/query/data/latest`, [{ id, endTime: TO }]);
    expect(multi.body.data.items[0].datapoints).toEqual(
      emulator.store.points(id, FROM, inclusive(TO)).slice(-1),
    );
  });

  it('aggregates into buckets consecutive from startTime with only the requested functions', async () => {
    const id = await newSeries('aggregated');
    const values = [
      ['2024-01-08T12:00:00Z', 1],
      ['2024-01-08T12:05:00Z', 3],
      ['2024-01-08T12:25:00Z', 10],
    ] as const;
    await call('POST', `${V16}/${id}/data`, {
      datapoints: values.map(([time, value]) => ({ time, value, status: 192 })),
    });
    const query = 'startTime=2024-01-08T12:00:00Z&endTime=2024-01-08T12:30:00Z&processingInterval=10m';
    const reply = await call(
      'GET',
      `${V16}/${id}/data/aggregates?${query}&aggregateFunction=avg&aggregateFunction=count&aggregateFunction=stddev`,
    );
    expect(reply.body.data.items[0].datapoints).toEqual([
      { time: '2024-01-08T12:00:00.0000000Z', avg: 2, count: 2, stddev: Math.SQRT2 },
      { time: '2024-01-08T12:20:00.0000000Z', avg: 10, count: 1, stddev: null },
    ]);
    const filled = await call('GET', `${V16}/${id}/data/aggregates?${query}&aggregateFunction=max&fill=null`);
    expect(filled.body.data.items[0].datapoints.map((d: { max: number | null }) => d.max)).toEqual([
      3,
      null,
      10,
    ]);
    expect((await call('GET', `${V16}/${id}/data/aggregates?${query}`)).status).toBe(400);
  });

  it('mixes raw and aggregate items in one query and pages each item by its own limit', async () => {
    const [a, b] = [idOf(TAGS[0]), idOf(TAGS[1])];
    const body = [
      { id: a, startTime: FROM, endTime: TO, limit: 20 },
      { id: b, startTime: FROM, endTime: TO, aggregateFunctions: ['min', 'max'], processingInterval: '15m' },
    ];
    const first = await call('POST', `${V16}/query/data`, body);
    expect(first.body.data.items[0].datapoints).toHaveLength(20);
    expect(first.body.data.items[1].datapoints.map((d: { time: string }) => d.time)).toEqual([
      '2024-01-08T10:00:00.0000000Z',
      '2024-01-08T10:15:00.0000000Z',
    ]);
    const second = await call(
      'POST',
      `${V16}/query/data?continuationToken=${first.body.continuationToken}`,
      body,
    );
    expect(second.body.continuationToken).toBeNull();
    expect(second.body.data.items[1].datapoints).toEqual([]);
    expect([...first.body.data.items[0].datapoints, ...second.body.data.items[0].datapoints]).toEqual(
      emulator.store.points(a, FROM, inclusive(TO)),
    );
  });

  it('reads by name and facility in v1.7 only', async () => {
    const path = `/query/data?name=${encodeURIComponent(TAGS[0])}&facility=1903&startTime=${FROM}&endTime=${TO}`;
    const v17 = await call('GET', `/plant/timeseries/v1.7${path}`);
    expect(v17.body.data.items[0]).toMatchObject({ id: idOf(TAGS[0]), name: TAGS[0], facility: '1903' });
    expect((await call('GET', `${V16}${path}`)).status).toBe(404);
  });

  it('answers 406 to a client that accepts only protobuf', async () => {
    const reply = await call('GET', `${V16}/${idOf(TAGS[0])}/data`, undefined, {
      accept: 'application/protobuf',
    });
    expect(reply.status).toBe(406);
  });
});
