import { Agent, request } from 'undici';
import { TokenAuthority } from '../token/token-authority';
import { MetadataEmulator } from './metadata-emulator';

/** Python's `json.dumps(obj, indent=4, sort_keys=True)`: keys sorted at every level. */
function pythonDumps(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sorted(value), null, 4);
}

const latigoBody = (project = 'latigo-test') => ({
  description: `Gordo prediction for project '${project}', model 'diff-3tags'. Prediction period: from '2020-04-10 07:00:00+00:00' : to '2020-04-10 07:30:00+00:00'`,
  input_tags: [
    { name: 'tag-1', time_series_id: '6d1c1b4e-0000-4000-8000-000000000001' },
    { name: 'tag-2', time_series_id: null },
  ],
  labels: null,
  model_name: 'diff-3tags',
  output_tags: [
    {
      derived_from: 'tag-1',
      description: 'Gordo model-output - tag-1',
      name: 'tag-1|diff-3tags|model-output',
      time_series_id: '6d1c1b4e-0000-4000-8000-000000000002',
      type: 'derived',
    },
    {
      derived_from: '',
      description: 'Gordo total-anomaly-scaled - ',
      name: '1903.INDICATOR|diff-3tags|total-anomaly-scaled',
      time_series_id: '6d1c1b4e-0000-4000-8000-000000000003',
      type: 'aggregated',
    },
  ],
  project_name: project,
  revision: '1700000001000',
  status: 'not_defined',
  training_time_from: '2020-01-01 00:00:00+00:00',
  training_time_to: '2020-03-01 00:00:00.250000+00:00',
});

describe('MetadataEmulator', () => {
  let emulator: MetadataEmulator;
  let dispatcher: Agent;

  beforeAll(async () => {
    emulator = new MetadataEmulator({ projects: ['ioc-1000', 'latigo-test'], basePath: '/omnia-prevent' });
    await emulator.listen();
    dispatcher = new Agent({ keepAliveTimeout: 1000 });
  });
  afterAll(async () => {
    await dispatcher.close();
    await emulator.close();
  });

  const call = async (
    method: 'GET' | 'POST',
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ) => {
    const res = await request(`${emulator.url}${path}`, {
      method,
      dispatcher,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    return { status: res.statusCode, type: res.headers['content-type'], text: await res.body.text() };
  };

  it('answers /ready with the text Ok', async () => {
    expect(await call('GET', '/ready')).toEqual({
      status: 200,
      type: 'text/plain; charset=utf-8',
      text: 'Ok',
    });
  });

  it("stores Latigo's sorted, indented body sent without Content-Type and echoes it with increasing model ids", async () => {
    const raw = pythonDumps(latigoBody());
    const first = await call('POST', '/models', raw);
    const second = await call('POST', '/models', raw);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toEqual({ ...latigoBody(), model_id: 1 });
    expect(JSON.parse(second.text).model_id).toBe(2);
    const [stored] = emulator.models();
    expect(stored).toMatchObject({ modelId: 1, rawBody: raw, contentType: undefined, body: latigoBody() });
    expect(JSON.parse((await call('GET', '/models/2')).text)).toEqual({ ...latigoBody(), model_id: 2 });
  });

  it('lists the seeded projects plus the projects of stored models', async () => {
    await call('POST', '/models', pythonDumps(latigoBody('new-project')), {
      'content-type': 'application/json',
    });
    expect(JSON.parse((await call('GET', '/projects')).text)).toEqual({
      projects: ['ioc-1000', 'latigo-test', 'new-project'],
    });
  });

  it('refuses an output tag type other than derived or aggregated with a 422 naming the field, storing nothing', async () => {
    const before = emulator.models().length;
    const body = latigoBody();
    const [derived, aggregated] = body.output_tags;
    const { model_name: _dropped, ...withoutName } = {
      ...body,
      output_tags: [{ ...derived, type: 'other' }, aggregated],
    };
    const reply = await call('POST', '/models', JSON.stringify(withoutName));
    expect(reply.status).toBe(422);
    expect(JSON.parse(reply.text).detail).toEqual([
      { loc: ['body', 'model_name'], msg: 'field required', type: 'value_error.missing' },
      {
        loc: ['body', 'output_tags', 0, 'type'],
        msg: "value is not a valid enumeration member; permitted: 'derived', 'aggregated'",
        type: 'type_error.enum',
      },
    ]);
    expect((await call('POST', '/models', '{not json')).status).toBe(422);
    expect(emulator.models()).toHaveLength(before);
  });

  it('answers an unknown route in FastAPI style and counts requests per route', async () => {
    expect(await call('GET', '/nothing')).toMatchObject({ status: 404, text: '{"detail":"Not Found"}' });
    const counts = JSON.parse(
      await request(`${emulator.server.url}/__emulator/requests`, { dispatcher }).then((r) => r.body.text()),
    );
    expect(counts.routes['GET /omnia-prevent/ready']).toEqual({ count: 1, statuses: { '200': 1 } });
    expect(counts.routes['POST /omnia-prevent/models'].statuses).toEqual({ '200': 3, '422': 2 });
  });

  it('serves an HTML page in place of JSON when that fault is injected over the control route', async () => {
    const rule = { route: 'POST /omnia-prevent/models', htmlPageRate: 1, times: 1 };
    await request(`${emulator.server.url}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify(rule),
      dispatcher,
    }).then((r) => r.body.text());
    const faulted = await call('POST', '/models', pythonDumps(latigoBody()));
    expect(faulted).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(JSON.parse((await call('POST', '/models', pythonDumps(latigoBody()))).text).model_id).toBe(4);
  });
});

describe('MetadataEmulator auth and message-style errors', () => {
  const authority = new TokenAuthority({
    tenantId: 't',
    clients: [{ clientId: 'latigo', clientSecret: 's' }],
  });
  const token = authority.issue('latigo', 'api://metadata', 'issuer').accessToken;
  let emulator: MetadataEmulator;

  beforeAll(async () => {
    emulator = new MetadataEmulator({ auth: { authority, subscriptionKey: 'key-1' }, errorStyle: 'message' });
    await emulator.listen();
  });
  afterAll(() => emulator.close());

  const get = async (headers: Record<string, string>) => {
    const res = await request(`${emulator.url}/projects`, { headers });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  };

  it('refuses a request without the subscription key with the APIM message, even with a token', async () => {
    expect(await get({ authorization: `Bearer ${token}` })).toEqual({
      status: 401,
      body: {
        statusCode: 401,
        message:
          'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      },
    });
  });

  it('refuses a wrong key or a missing token, and accepts the key with a token from the authority', async () => {
    expect(
      (await get({ authorization: `Bearer ${token}`, 'ocp-apim-subscription-key': 'other' })).body['message'],
    ).toMatch(/invalid subscription key/);
    expect((await get({ 'ocp-apim-subscription-key': 'key-1' })).status).toBe(401);
    expect(await get({ authorization: `Bearer ${token}`, 'ocp-apim-subscription-key': 'key-1' })).toEqual({
      status: 200,
      body: { projects: ['latigo-test'] },
    });
  });

  it('answers validation errors as a 400 MessageModel naming the field when so configured', async () => {
    const res = await request(`${emulator.url}/models`, {
      method: 'POST',
      body: JSON.stringify({ ...latigoBody(), revision: null }),
      headers: { authorization: `Bearer ${token}`, 'ocp-apim-subscription-key': 'key-1' },
    });
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toEqual({
      statusCode: 400,
      message: 'Invalid model metadata: revision: none is not an allowed value',
    });
  });
});
