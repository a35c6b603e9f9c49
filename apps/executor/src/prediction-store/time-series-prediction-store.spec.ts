import { TimeseriesEmulator } from '@latigo/emulators';
import { MemorySeriesIdCache, TimeSeriesClient } from '@latigo/time-series-client';
import { Agent } from 'undici';
import { TimeSeriesPredictionStore } from './time-series-prediction-store';

describe('TimeSeriesPredictionStore against the Timeseries emulator', () => {
  const emulator = new TimeseriesEmulator({ now: () => Date.parse('2024-01-09T00:00:00Z') });
  const dispatcher = new Agent();
  let store: TimeSeriesPredictionStore;
  beforeAll(async () => {
    await emulator.listen();
    store = new TimeSeriesPredictionStore(
      new TimeSeriesClient({
        baseUrl: emulator.baseUrl('v1.6'),
        dispatcher,
        seriesIdCache: new MemorySeriesIdCache(),
      }),
    );
  });
  afterAll(async () => {
    await dispatcher.close();
    await emulator.close();
  });

  const outputs = [
    { name: 'tag-1|m|model-output', description: 'Gordo model-output - tag-1' },
    { name: '1903.INDICATOR|m|total-anomaly-scaled', description: 'Gordo total-anomaly-scaled - ' },
  ];

  it('creates missing output series once, in the facility, as step series; then finds them in the cache', async () => {
    const ids = await store.ensureSeries(outputs, '1903');
    const created = emulator.store.all().filter((s) => s.name.includes('|m|'));
    const rows = created.map((s) => [s.name, s.facility, s.description, s.step, ids.get(s.name) === s.id]);
    expect(rows.sort()).toEqual([
      ['1903.INDICATOR|m|total-anomaly-scaled', '1903', 'Gordo total-anomaly-scaled - ', true, true],
      ['tag-1|m|model-output', '1903', 'Gordo model-output - tag-1', true, true],
    ]);
    emulator.server.requests.reset();
    expect(await store.ensureSeries(outputs, '1903')).toEqual(ids);
    expect(emulator.server.requests.count()).toBe(0);
  });

  it('overwrites points at the same timestamps, so writing twice stores the same data', async () => {
    const ids = await store.ensureSeries(outputs, '1903');
    const id = ids.get('tag-1|m|model-output') as string;
    const times = Float64Array.from([Date.parse('2024-01-08T07:00:00Z'), Date.parse('2024-01-08T07:10:00Z')]);
    const write = () => store.write([{ id, times, values: Float64Array.from([0.5, NaN]) }]);
    expect(await write()).toEqual({ written: 1, skippedNaN: 1, requests: 1 });
    const first = emulator.store.points(id);
    await write();
    expect(emulator.store.points(id)).toEqual(first);
    expect(first).toEqual([{ time: '2024-01-08T07:00:00.0000000Z', value: 0.5, status: 192 }]);
  });
});
