import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MetadataShapeError, parseModelMetadata, predictionDataWindow } from './metadata';
import { parseTolerantJson } from './tolerant-json';

/** The smallest metadata body the server could send, with `dataset` overrides. */
const body = (dataset: Record<string, unknown>, modelMeta: Record<string, unknown> = {}, offset = 0) => ({
  metadata: {
    name: 'm',
    project_name: 'p',
    dataset: { tag_list: ['a', 'b'], ...dataset },
    model: { 'sklearn.pipeline.Pipeline': {} },
    metadata: { build_metadata: { model: { model_offset: offset, model_meta: modelMeta } } },
  },
  revision: '7',
});

describe('parseModelMetadata', () => {
  it('types a recorded diff-10tags metadata: tags, targets, resolution, thresholds, dates, dataset settings', () => {
    const text = readFileSync(join(__dirname, '__fixtures__', 'diff-10tags-metadata.json'), 'utf8');
    const raw = parseTolerantJson(text) as {
      metadata: { metadata: { build_metadata: { model: { model_meta: Record<string, unknown> } } } };
    };
    const metadata = parseModelMetadata(raw, 'ignored');
    expect(metadata).toMatchObject({
      name: 'diff-10tags',
      project: 'latigo-test',
      revision: '1700000001000',
      serverVersion: '6.0.4',
      modelOffset: 0,
      modelType: 'gordo.machine.model.anomaly.diff.DiffBasedAnomalyDetector',
      trainStart: new Date('2020-01-01T00:00:00Z'),
      trainEnd: new Date('2020-01-03T00:00:00Z'),
      dataset: {
        type: 'gordo_core.time_series.TimeSeriesDataset',
        resolution: { text: '10T', ms: 600_000 },
        aggregationMethods: ['mean'],
        interpolation: { method: 'linear_interpolation', limit: { text: '48H', ms: 172_800_000 } },
        rowFilter: [],
        dataProvider: { type: 'gordo_core.data_providers.providers.RandomDataProvider' },
      },
      thresholds: { window: 6, smoothingMethod: 'smm' },
    });
    expect(metadata.checksum).toMatch(/^[0-9a-f]{128}$/);
    expect(metadata.inputTags).toHaveLength(10);
    expect(metadata.targetTags).toEqual(['tag-1', 'tag-2', 'tag-3', 'tag-4'].map((name) => ({ name })));
    const meta = raw.metadata.metadata.build_metadata.model.model_meta;
    expect(metadata.thresholds.feature).toEqual(meta['feature-thresholds']);
    expect(metadata.thresholds.aggregate).toBe(meta['aggregate-threshold']);
  });

  it('defaults the targets to the inputs, keeps assets, and reads lists, nulls and NaN thresholds', () => {
    const metadata = parseModelMetadata(
      body(
        {
          tag_list: [{ name: 'a', asset: 'plant-1' }, 'b'],
          resolution: null,
          aggregation_methods: ['mean', 'max'],
          row_filter: ['`a` > 0', '', 'b < 5'],
          interpolation_limit: null,
        },
        { 'feature-thresholds': { b: 2, a: 1 }, 'aggregate-threshold': NaN },
      ),
      '7',
    );
    expect(metadata.targetTags).toEqual([{ name: 'a', asset: 'plant-1' }, { name: 'b' }]);
    expect(metadata.dataset).toMatchObject({
      resolution: undefined,
      aggregationMethods: ['mean', 'max'],
      rowFilter: ['`a` > 0', 'b < 5'],
      interpolation: { limit: undefined },
    });
    expect(metadata.thresholds.feature).toEqual([1, 2]); // an old {tag: value} map, put in target order
    expect(metadata.thresholds.aggregate).toBeNaN();
  });

  it('takes the default resolution 10T when the dataset does not name one, and a row filter string', () => {
    const metadata = parseModelMetadata(body({ row_filter: 'a > 1' }), '7');
    expect(metadata.dataset.resolution).toEqual({ text: '10T', ms: 600_000 });
    expect(metadata.dataset.rowFilter).toEqual(['a > 1']);
    expect(metadata.thresholds).toEqual({});
  });

  it.each([
    ['no metadata', { revision: '1' }, /metadata is not an object/],
    ['no name', { metadata: { dataset: { tag_list: ['a'] } } }, /name/],
    ['no tag list', { metadata: { name: 'm', dataset: {} } }, /tag_list/],
    ['a calendar resolution', body({ resolution: 'M' }), /resolution "M"/],
  ])('rejects %s', (_what, value, message) => {
    expect(() => parseModelMetadata(value, '1')).toThrow(MetadataShapeError);
    expect(() => parseModelMetadata(value, '1')).toThrow(message);
  });
});

describe('predictionDataWindow', () => {
  it('starts (model offset + 5) resolutions before the window, as the Python client fetches', () => {
    const metadata = parseModelMetadata(body({ resolution: '10T' }, {}, 3), '7');
    const from = new Date('2020-02-01T12:00:00Z');
    const to = new Date('2020-02-01T12:30:00Z');
    expect(predictionDataWindow(metadata, from, to)).toEqual({
      start: new Date('2020-02-01T10:40:00Z'),
      end: to,
    });
  });
});
