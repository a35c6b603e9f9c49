import { TimeseriesEmulator } from '@latigo/emulators';
import { MemorySeriesIdCache, TimeSeriesClient } from '@latigo/time-series-client';
import { Agent } from 'undici';
import { ExecutorError } from '../pipeline/task-skip';
import { TimeSeriesSensorData } from './time-series-sensor-data';

// The Timeseries emulator serves tag-1 … tag-25 of facility 1903, one point a minute.
describe('TimeSeriesSensorData against the Timeseries emulator', () => {
  const emulator = new TimeseriesEmulator({ now: () => Date.parse('2024-01-09T00:00:00Z') });
  const dispatcher = new Agent();
  let client: TimeSeriesClient;
  beforeAll(async () => {
    await emulator.listen();
    client = new TimeSeriesClient({
      baseUrl: emulator.baseUrl('v1.6'),
      dispatcher,
      seriesIdCache: new MemorySeriesIdCache(),
    });
  });
  afterAll(async () => {
    await dispatcher.close();
    await emulator.close();
  });
  beforeEach(() => emulator.server.requests.reset());

  it('finds the facility from the first tag, then every tag there; a warm lookup asks nothing', async () => {
    const sensors = new TimeSeriesSensorData(client);
    const resolved = await sensors.resolveTags(['tag-1', 'tag-2', 'no-such-tag']);
    expect(resolved?.facility).toBe('1903');
    expect([...(resolved?.ids.keys() ?? [])]).toEqual(['tag-1', 'tag-2']);
    expect(resolved?.ids.get('tag-2')).toBe(emulator.syntheticSeries('tag-2')?.id);
    expect(resolved?.missing).toEqual(['no-such-tag']);
    // 1 lookup by name alone (facility) + 3 by name and facility.
    expect(emulator.server.requests.count()).toBe(4);

    emulator.server.requests.reset();
    await sensors.resolveTags(['tag-1', 'tag-2']);
    expect(emulator.server.requests.count()).toBe(0);
  });

  it('answers undefined when the first tag has no series at all', async () => {
    expect(await new TimeSeriesSensorData(client).resolveTags(['nowhere', 'tag-1'])).toBeUndefined();
  });

  it('refuses a first tag whose name exists in two facilities', async () => {
    await client.createSeries({ name: 'tag-25', facility: '1904' });
    const error = await new TimeSeriesSensorData(client).resolveTags(['tag-25']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutorError);
    expect(error).toMatchObject({ code: 'EXECUTOR_TAG_AMBIGUOUS', retryable: false });
  });

  it('reads every tag over the window, end included', async () => {
    const sensors = new TimeSeriesSensorData(client);
    const resolved = await sensors.resolveTags(['tag-1', 'tag-3']);
    const from = new Date('2024-01-08T07:00:00Z');
    const to = new Date('2024-01-08T07:30:00Z');
    const data = await sensors.read(resolved?.ids ?? new Map(), { from, to });
    expect([...data.keys()]).toEqual(['tag-1', 'tag-3']);
    for (const points of data.values()) {
      expect(points.times.length).toBeGreaterThanOrEqual(30);
      expect(Math.min(...Array.from(points.times))).toBeGreaterThanOrEqual(from.getTime());
      expect(Math.max(...Array.from(points.times))).toBeLessThanOrEqual(to.getTime());
    }
  });

  it('reads all the tags of a task in one request', async () => {
    const sensors = new TimeSeriesSensorData(client);
    const tags = Array.from({ length: 20 }, (_, i) => `tag-${i + 1}`);
    const resolved = await sensors.resolveTags(tags);
    emulator.server.requests.reset();
    const data = await sensors.read(resolved?.ids ?? new Map(), {
      from: new Date('2024-01-08T07:00:00Z'),
      to: new Date('2024-01-08T07:30:00Z'),
    });
    expect([...data.keys()]).toEqual(tags);
    expect(emulator.server.requests.count()).toBe(1);
  });
});
