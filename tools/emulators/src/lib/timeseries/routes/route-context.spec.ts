import type { SeriesRecord } from '../series-model';
import { VERSION_TRAITS } from '../versions';
import { dataItem, dataItemJson, envelope, type RouteContext } from './route-context';

const record: SeriesRecord = {
  id: '1f0e3c1a-0000-4000-8000-000000000001',
  name: 'tag "one"',
  description: null,
  step: false,
  unit: 'degC',
  standardUnit: 'degC',
  assetId: null,
  facility: '1903',
  externalId: null,
  source: 'IMS',
  metadata: null,
  createdTime: 0,
  changedTime: 0,
};

const points = [
  { t: 1_795_468_200_000_000, value: 44.23195845219808, status: 192 },
  { t: 1_795_468_260_123_456, value: -0, status: 0 },
  { t: 1_795_468_320_000_001, value: 1e21, status: 64 },
  { t: 1_795_468_380_000_000, value: NaN, status: 192 },
  { t: 1_795_468_440_000_000, value: 5e-7, status: Infinity },
];

const context = (version: 'v1.5' | 'v1.7'): RouteContext =>
  ({ traits: VERSION_TRAITS[version] }) as unknown as RouteContext;

describe('dataItemJson', () => {
  it.each(['v1.5', 'v1.7'] as const)('serialises as JSON.stringify(dataItem(...)) does (%s)', (version) => {
    for (const extra of [{}, { facility: record.facility, name: record.name }, { datapoints: 'x', a: 1 }]) {
      expect(dataItemJson(record, points, context(version), extra).json).toBe(
        JSON.stringify(dataItem(record, points, context(version), extra)),
      );
    }
    expect(dataItemJson(record, [], context(version)).json).toBe(
      JSON.stringify(dataItem(record, [], context(version))),
    );
  });
});

describe('envelope', () => {
  it('writes pre-serialised items as the same bytes as the objects they stand for', () => {
    const ctx = context('v1.7');
    const objects = [dataItem(record, points, ctx), { id: 'x', datapoints: [] }, dataItem(record, [], ctx)];
    const mixed = [
      dataItemJson(record, points, ctx),
      { id: 'x', datapoints: [] },
      dataItemJson(record, [], ctx),
    ];
    for (const [token, count] of [
      [null, undefined],
      ['abc"d', undefined],
      [null, 3],
    ] as const) {
      expect(envelope(mixed, token, count)).toEqual(envelope(objects, token, count));
    }
  });
});
