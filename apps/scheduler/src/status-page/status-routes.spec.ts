import { HealthServer } from '@latigo/observability';
import { registerStatusRoutes } from './status-routes';
import { DEAD_LETTER, FakeTaskStatusReader, STATUS_REPORT } from './status-report.test-helpers';

describe('status routes on the health server', () => {
  let health: HealthServer;
  const reader = new FakeTaskStatusReader();
  const now = new Date('2026-03-01T09:05:12.000Z');

  beforeAll(async () => {
    health = await HealthServer.start({ host: '127.0.0.1', port: 0 });
    registerStatusRoutes(health, reader, { now: () => now });
  });
  afterAll(() => health.close());
  beforeEach(() => {
    reader.reports.length = 0;
    reader.failure = undefined;
  });

  const get = async (path: string) => {
    const res = await fetch(`${health.url}${path}`);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text(), res };
  };

  it('serves the page for the newest 6 slots unless asked otherwise, offline by policy', async () => {
    const page = await get('/status');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<h1>Latigo status</h1>');
    expect(page.text).toContain('Newest 6 slots · all projects');
    expect(page.res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
    expect(page.res.headers.get('cache-control')).toBe('no-store');
    await get('/status?slots=2&project=plant-b');
    expect(reader.reports).toEqual([
      { slots: 6, now },
      { slots: 2, project: 'plant-b', now },
    ]);
  });

  it('serves the same report as JSON', async () => {
    const json = await get('/status.json?slots=3');
    expect(json.status).toBe(200);
    expect(json.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(json.text)).toEqual(STATUS_REPORT);
    expect(reader.reports).toEqual([{ slots: 3, now }]);
  });

  it("serves a model's recent tasks, limited on request", async () => {
    const history = await get('/status/models/plant-a/compressor-2.json?limit=5');
    expect(history.status).toBe(200);
    expect(JSON.parse(history.text)).toEqual({
      project: 'plant-a',
      model: 'compressor-2',
      tasks: [DEAD_LETTER],
    });
  });

  it('answers 404 with the reason for a model without recorded tasks', async () => {
    const unknown = await get('/status/models/plant-a/nope.json');
    expect({ status: unknown.status, body: JSON.parse(unknown.text) }).toEqual({
      status: 404,
      body: { code: 'STATUS_MODEL_UNKNOWN', error: 'no task of model plant-a/nope is recorded' },
    });
  });

  it.each([
    ['/status.json?slots=0', 'slots must be a whole number from 1 to 96, got "0"'],
    ['/status.json?slots=2.5', 'slots must be a whole number from 1 to 96, got "2.5"'],
    ['/status.json?slots=97', 'slots must be a whole number from 1 to 96, got "97"'],
    [
      '/status.json?project=a%2Fb',
      'project must be a name of letters, digits, ".", "_" or "-" (at most 128), got "a/b"',
    ],
    [
      '/status/models/plant-a/..%2Fx.json',
      'model must be a name of letters, digits, ".", "_" or "-" (at most 128), got "../x"',
    ],
    ['/status/models/plant-a/m.json?limit=x', 'limit must be a whole number from 1 to 500, got "x"'],
  ])('answers 400 with what is wrong: %s', async (path, error) => {
    const answer = await get(path);
    expect({ status: answer.status, body: JSON.parse(answer.text) }).toEqual({
      status: 400,
      body: { code: 'STATUS_BAD_PARAMETER', error },
    });
    expect(reader.reports).toEqual([]);
  });

  it('answers the page 400 as a page, escaped', async () => {
    const page = await get('/status?slots=<b>');
    expect(page.status).toBe(400);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('slots must be a whole number from 1 to 96, got &quot;&lt;b&gt;&quot;');
  });

  it('answers 503 when the status store does not answer', async () => {
    reader.failure = new Error('Redis connection refused');
    const json = await get('/status.json');
    expect({ status: json.status, body: JSON.parse(json.text) }).toEqual({
      status: 503,
      body: { code: 'STATUS_UNAVAILABLE', error: 'task status unavailable: Redis connection refused' },
    });
    const page = await get('/status');
    expect(page.status).toBe(503);
    expect(page.text).toContain('task status unavailable: Redis connection refused');
    expect((await get('/healthz')).status).toBe(200);
  });
});
