import { Agent, request } from 'undici';
import { TokenAuthority } from '../token/token-authority';
import { TimeseriesEmulator } from './timeseries-emulator';

// Tests read arbitrary JSON replies and let the assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reply = { status: number; body: any; headers: Record<string, unknown> };

const NOW = Date.UTC(2024, 0, 10);
const V16 = '/plant-beta/timeseries/v1.6';

describe('TimeseriesEmulator series metadata', () => {
  let emulator: TimeseriesEmulator;
  let dispatcher: Agent;

  beforeAll(async () => {
    emulator = new TimeseriesEmulator({
      now: () => NOW,
      knownFacilities: ['1903', '1218', 'JSV'],
      sensors: [{ facility: '1903', tags: Array.from({ length: 25 }, (_, i) => `tag-${i + 1}`) }],
    });
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
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  const latigoCreate = (name: string, facility = '1903') => ({
    name,
    description: `Gordo model-output - ${name}`,
    step: true,
    unit: '',
    facility,
    externalId: '',
  });

  it('finds a synthetic tag the way Latigo looks it up: by name, then by name and facility', async () => {
    const byName = await call('GET', `${V16}?name=tag-1`);
    const byBoth = await call('GET', `${V16}?name=tag-1&facility=1903`);
    expect(byName.status).toBe(200);
    expect(byName.body.data.items).toHaveLength(1);
    expect(byBoth.body.data.items).toEqual(byName.body.data.items);
    expect(byName.body.data.items[0]).toMatchObject({
      name: 'tag-1',
      facility: '1903',
      id: emulator.syntheticSeries('tag-1')?.id,
      step: false,
    });
    expect(Object.keys(byName.body.data.items[0])).toEqual([
      'id',
      'name',
      'description',
      'step',
      'unit',
      'assetId',
      'facility',
      'externalId',
      'source',
      'metadata',
      'createdTime',
      'changedTime',
    ]);
    expect((await call('GET', `${V16}?name=tag-1&facility=1218`)).body.data.items).toEqual([]);
  });

  it('creates a series from the body Latigo sends and answers 409 for the same name and facility', async () => {
    const created = await call('POST', V16, latigoCreate('1903.R1|model|model-output'));
    expect(created.status).toBe(200);
    const item = created.body.data.items[0];
    expect(item).toMatchObject({
      name: '1903.R1|model|model-output',
      facility: '1903',
      step: true,
      unit: '',
      externalId: '',
    });
    expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const again = await call('POST', V16, latigoCreate('1903.R1|model|model-output'));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      statusCode: 409,
      message: "Attempt to store timeseries '1903.R1|model|model-output' from '1903' which already exists",
      traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/),
    });
    expect(
      (await call('GET', `${V16}?name=${encodeURIComponent('1903.R1|model|model-output')}`)).body.data
        .items[0].id,
    ).toBe(item.id);
  });

  it('requires a facility from v1.6 on, not in v1.5, and refuses facilities outside the configured list', async () => {
    const missing = await call('POST', V16, { name: 'no-facility' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('The Facility field is required.');
    const v15 = await call('POST', '/plant/timeseries/v1.5', { name: 'no-facility' });
    expect(v15.status).toBe(200);
    expect(v15.body.data.items[0].facility).toBeNull();
    const unknown = await call('POST', V16, latigoCreate('x', 'NOPE'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('Facility not found.');
  });

  it('answers errors with activityId in v1.5 and traceId from v1.6', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const v15 = await call('GET', `/plant/timeseries/v1.5/${id}`);
    const v17 = await call('GET', `/plant/timeseries/v1.7/${id}`);
    expect([v15.status, v17.status]).toEqual([404, 404]);
    expect(Object.keys(v15.body)).toEqual(['statusCode', 'message', 'activityId']);
    expect(Object.keys(v17.body)).toEqual(['statusCode', 'message', 'traceId']);
    expect(v17.body.message).toBe(`Timeseries with id '${id}' was not found.`);
  });

  it('pages a list with limit and continuation tokens until the token is null', async () => {
    const ids: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const reply: Reply = await call(
        'GET',
        `${V16}/?facility=1903&limit=10${token ? `&continuationToken=${token}` : ''}`,
      );
      expect(reply.body.data.items.length).toBeLessThanOrEqual(10);
      ids.push(...reply.body.data.items.map((i: { id: string }) => i.id));
      token = reply.body.continuationToken;
      pages += 1;
    } while (token);
    const all = emulator.store.all().filter((r) => r.facility === '1903');
    expect(ids).toEqual(all.map((r) => r.id));
    expect(pages).toBe(Math.ceil(all.length / 10));
    expect((await call('GET', `${V16}?limit=0`)).status).toBe(400);
    expect((await call('GET', `/plant/timeseries/v1.5?limit=1001`)).status).toBe(400);
  });

  it('searches with * wildcards in the query or the path', async () => {
    const names = (reply: Reply) => reply.body.data.items.map((i: { name: string }) => i.name).sort();
    expect(names(await call('GET', `${V16}/search?name=tag-2*`))).toEqual([
      'tag-2',
      'tag-20',
      'tag-21',
      'tag-22',
      'tag-23',
      'tag-24',
      'tag-25',
    ]);
    expect(names(await call('GET', `${V16}/search/*g-1?facility=1903`))).toEqual(['tag-1']);
    expect(names(await call('GET', `${V16}?name=tag-2*`))).toEqual([]);
  });

  it('patches only the given fields, replaces all of them with PUT, and deletes', async () => {
    const id = (await call('POST', V16, { ...latigoCreate('editable'), unit: 'bar', metadata: { a: 1 } }))
      .body.data.items[0].id;
    const patched = await call('PATCH', `${V16}/${id}`, { facility: '1218' });
    expect(patched.body.data.items[0]).toMatchObject({ facility: '1218', unit: 'bar', metadata: { a: 1 } });
    const replaced = await call('PUT', `${V16}/${id}`, { name: 'editable', facility: 'JSV' });
    expect(replaced.body.data.items[0]).toMatchObject({
      facility: 'JSV',
      unit: null,
      metadata: null,
      step: false,
    });
    expect((await call('PATCH', `${V16}/${id}`, { step: 'yes' })).status).toBe(400);
    expect((await call('DELETE', `${V16}/${id}`)).body).toEqual({
      statusCode: 200,
      message: `Successfully deleted timeseries ${id}`,
    });
    expect((await call('GET', `${V16}/${id}`)).status).toBe(404);
  });

  it('gets or adds series by name and facility, in request order (v1.6+ only)', async () => {
    const existing = emulator.syntheticSeries('tag-3')?.id;
    const reply = await call('POST', `${V16}/getoradd`, [
      latigoCreate('fresh-one'),
      { name: 'tag-3', facility: '1903' },
    ]);
    expect(reply.status).toBe(200);
    expect(reply.body.data.items.map((i: { name: string }) => i.name)).toEqual(['fresh-one', 'tag-3']);
    expect(reply.body.data.items[1].id).toBe(existing);
    const again = await call('POST', `${V16}/getoradd`, [latigoCreate('fresh-one')]);
    expect(again.body.data.items[0].id).toBe(reply.body.data.items[0].id);
    expect((await call('POST', '/plant/timeseries/v1.5/getoradd', [])).status).toBe(404);
  });

  it('counts series per facility (v1.7 facets)', async () => {
    const reply = await call('GET', '/plant/timeseries/v1.7/facets/facility?source=IMS');
    expect(reply.body.data.items).toEqual([{ facility: '1903', count: 25 }]);
  });

  it('injects faults set through the control routes and counts requests per route', async () => {
    const route = TimeseriesEmulator.routeKey('GET', '');
    await call('DELETE', '/__emulator/requests');
    const rule = await call('POST', '/__emulator/faults', {
      route,
      serverErrorRate: 1,
      serverErrorStatus: 503,
      times: 1,
    });
    expect(rule.status).toBe(201);
    const first = await call('GET', `${V16}?name=tag-1`);
    const second = await call('GET', `${V16}?name=tag-1`);
    expect([first.status, second.status]).toEqual([503, 200]);
    const counts = await call('GET', '/__emulator/requests');
    expect(counts.body.routes[route]).toEqual({ count: 2, statuses: { '503': 1, '200': 1 } });
    await call('DELETE', '/__emulator/faults');
  });
});

describe('TimeseriesEmulator auth', () => {
  const authority = new TokenAuthority({
    tenantId: 't',
    clients: [{ clientId: 'latigo', clientSecret: 's' }],
  });
  let emulator: TimeseriesEmulator;

  beforeAll(async () => {
    emulator = new TimeseriesEmulator({
      auth: { authority, audiences: ['api://timeseries'] },
      sensors: [{ facility: '1903', tags: ['tag-1'] }],
    });
    await emulator.listen();
  });
  afterAll(() => emulator.close());

  const get = async (authorization?: string) => {
    const res = await request(`${emulator.baseUrl()}?name=tag-1`, {
      headers: authorization ? { authorization } : {},
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  };

  it('refuses a request without a bearer token with the gateway 401', async () => {
    expect(await get()).toEqual({
      status: 401,
      body: { statusCode: 401, message: 'Unauthorized. Access token is missing or invalid.' },
    });
  });

  it('refuses a token for another audience and accepts one from the authority for its own', async () => {
    const other = authority.issue('latigo', 'api://other', 'issuer').accessToken;
    const own = authority.issue('latigo', 'api://timeseries', 'issuer').accessToken;
    expect((await get(`Bearer ${other}`)).status).toBe(401);
    const ok = await get(`Bearer ${own}`);
    expect(ok.status).toBe(200);
    expect((ok.body['data'] as { items: unknown[] }).items).toHaveLength(1);
  });
});
