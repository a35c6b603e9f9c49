import { parseModelMetadata } from '../metadata';
import { buildDataset } from './build-dataset';
import { planDataset } from './dataset-plan';
import { DatasetError } from './errors';

const T = (hhmm: string) => Date.parse(`2020-01-01T${hhmm}:00Z`);
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** A model's metadata as the server sends it, with only the dataset keys the test sets. */
function model(dataset: Record<string, unknown>) {
  return parseModelMetadata(
    {
      metadata: {
        name: 'm',
        project_name: 'p',
        dataset: { tag_list: ['a', 'b'], target_tag_list: ['b'], resolution: '10T', ...dataset },
        model: {},
      },
      revision: '1',
    },
    '1',
  );
}
const series = (...pairs: [string, number][]) => ({
  times: pairs.map(([t]) => T(t)),
  values: pairs.map(([, v]) => v),
});
const window = { start: T('00:00'), end: T('01:00') };

describe('planDataset', () => {
  it('fetches inputs, targets and row-filter tags, each once; 48H (288 buckets) is the default limit', () => {
    const plan = planDataset(model({ target_tag_list: ['b', 'c'], row_filter: '`c` > 0 & d < 1' }));
    expect(plan.tags).toEqual(['a', 'b', 'c', 'd']);
    expect(plan.filterOnlyTags).toEqual(['d']);
    expect(plan.resampling).toEqual({
      resolutionMs: 600_000,
      aggregation: 'mean',
      interpolation: 'linear_interpolation',
      limitBuckets: 288,
    });
  });

  it('reads an explicit null limit as "no limit", and takes ffill and other aggregations', () => {
    const plan = planDataset(
      model({ interpolation_limit: null, interpolation_method: 'ffill', aggregation_methods: 'max' }),
    );
    expect(plan.resampling).toMatchObject({
      limitBuckets: undefined,
      interpolation: 'ffill',
      aggregation: 'max',
    });
  });

  it.each([
    [{ aggregation_methods: ['mean', 'max'] }, 'multi-level columns'],
    [{ aggregation_methods: 'ohlc' }, 'aggregation method "ohlc"'],
    [{ interpolation_method: 'cubic' }, 'interpolation method "cubic"'],
    [{ interpolation_limit: '5T' }, 'shorter than the resolution'],
    [{ row_filter: 'sin(a) > 0' }, 'row filter cannot be honoured'],
  ])('refuses %j as DATASET_UNSUPPORTED', (settings, reason) => {
    const error = (() => {
      try {
        planDataset(model(settings));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DatasetError);
    expect(error).toMatchObject({ code: 'DATASET_UNSUPPORTED', retryable: false });
    expect((error as Error).message).toContain(reason);
  });
});

describe('buildDataset', () => {
  it('inner-joins the resampled tags and drops rows with a gap in any tag', () => {
    const plan = planDataset(model({ interpolation_limit: '10T' }));
    const data = buildDataset(
      plan,
      window,
      new Map([
        // a: a gap of 3 buckets (00:20-00:40): only 00:20 is filled (limit 10T = 1 bucket)
        ['a', series(['00:01', 1], ['00:11', 2], ['00:51', 6])],
        // b: starts at 00:10, so 00:00 stays empty
        [
          'b',
          series(['00:12', 10], ['00:22', 20], ['00:32', 30], ['00:42', 40], ['00:52', 50], ['00:59', 60]),
        ],
      ]),
    );
    // Checked with gordo-core's resample + concat(join="inner") + dropna (pandas 1.5.3); 01:00 is
    // the end pad's bucket, filled from the last values.
    expect([...data.index].map(hhmm)).toEqual(['00:10', '00:20', '00:50', '01:00']);
    expect(data.columns.get('a')).toEqual(Float64Array.from([2, 3, 6, 6]));
    expect(data.columns.get('b')).toEqual(Float64Array.from([10, 20, 55, 55]));
    expect([...data.columns.keys()]).toEqual(['a', 'b']);
  });

  it('applies the row filter on the joined rows and drops the tags only the filter reads', () => {
    const plan = planDataset(model({ row_filter: ['c > 0', 'a < 3'] }));
    const data = buildDataset(
      plan,
      { start: T('00:00'), end: T('00:30') },
      new Map([
        ['a', series(['00:00', 1], ['00:10', 2], ['00:20', 3], ['00:30', 4])],
        ['b', series(['00:00', 1], ['00:10', 1], ['00:20', 1], ['00:30', 1])],
        ['c', series(['00:00', -1], ['00:10', 1], ['00:20', 1], ['00:30', 1])],
      ]),
    );
    expect([...data.index].map(hhmm)).toEqual(['00:10']);
    expect([...data.columns.keys()]).toEqual(['a', 'b']);
  });

  it('names the tags without data (DATASET_MISSING_DATA)', () => {
    const plan = planDataset(model({}));
    expect(() => buildDataset(plan, window, new Map([['a', series(['00:05', 1])]]))).toThrow(
      expect.objectContaining({ code: 'DATASET_MISSING_DATA', context: { tags: ['b'] } }),
    );
  });

  it('reports no complete row (DATASET_EMPTY) and a filter that keeps nothing (DATASET_EMPTY_AFTER_ROW_FILTER)', () => {
    const apart = new Map([
      ['a', series(['00:01', 1])],
      ['b', series(['00:51', 1])],
    ]);
    expect(() => buildDataset(planDataset(model({ interpolation_limit: '10T' })), window, apart)).toThrow(
      expect.objectContaining({ code: 'DATASET_EMPTY' }),
    );
    const together = new Map([
      ['a', series(['00:01', 1])],
      ['b', series(['00:02', 1])],
    ]);
    expect(() => buildDataset(planDataset(model({ row_filter: 'a > 5' })), window, together)).toThrow(
      expect.objectContaining({ code: 'DATASET_EMPTY_AFTER_ROW_FILTER' }),
    );
  });

  it('joins raw series on equal timestamps when the model has no resolution', () => {
    const plan = planDataset(model({ resolution: null }));
    const data = buildDataset(
      plan,
      window,
      new Map([
        ['a', series(['00:01', 1], ['00:02', 2], ['00:03', 3])],
        ['b', series(['00:02', 20], ['00:03', 30], ['00:04', 40])],
      ]),
    );
    expect([...data.index].map(hhmm)).toEqual(['00:02', '00:03']);
    expect(data.columns.get('b')).toEqual(Float64Array.from([20, 30]));
  });

  it('joins unsorted raw series into ascending rows; a repeated timestamp keeps its last value, a NaN none', () => {
    const plan = planDataset(model({ resolution: null }));
    const data = buildDataset(
      plan,
      window,
      new Map([
        ['a', series(['00:03', 3], ['00:01', 1], ['00:02', 2], ['00:03', 33], ['00:05', NaN])],
        ['b', series(['00:03', 30], ['00:02', 20], ['00:02', NaN], ['00:01', 10], ['00:05', 50])],
      ]),
    );
    expect([...data.index].map(hhmm)).toEqual(['00:01', '00:02', '00:03']);
    expect(data.columns.get('a')).toEqual(Float64Array.from([1, 2, 33]));
    expect(data.columns.get('b')).toEqual(Float64Array.from([10, 20, 30]));
  });
});
