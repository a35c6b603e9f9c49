import type { PredictionFrame } from '@latigo/gordo-client';
import { outputColumns, outputSeriesName, rowsWithin } from './output-series';

const col = (...v: number[]) => Float64Array.from(v);
const frame = (groups: Record<string, Record<string, Float64Array>>): PredictionFrame => ({
  index: col(0, 1),
  end: col(NaN, NaN),
  columns: new Map(Object.entries(groups).map(([g, names]) => [g, new Map(Object.entries(names))])),
});

describe('output series (the original naming convention)', () => {
  it('names per-tag columns {tag}|{model}|{group} and totals {facility}.INDICATOR|{model}|{group}', () => {
    expect(outputSeriesName({ tag: '1903.R1', model: 'm', group: 'model-output', facility: '1903' })).toBe(
      '1903.R1|m|model-output',
    );
    expect(
      outputSeriesName({ tag: '', model: 'm', group: 'total-anomaly-confidence', facility: '1903' }),
    ).toBe('1903.INDICATOR|m|total-anomaly-confidence');
  });

  it('replaces | inside a part by -', () => {
    expect(outputSeriesName({ tag: 'a|b', model: 'x|y', group: 'g', facility: 'f' })).toBe('a-b|x-y|g');
  });

  it('stores every group but start, end and model-input, in frame order, with the original descriptions', () => {
    const columns = outputColumns(
      frame({
        start: { start: col(0, 0) },
        'model-input': { 'tag-1': col(1, 2) },
        'model-output': { 'tag-1': col(3, 4), 'tag|2': col(9, 9) },
        'total-anomaly-scaled': { '': col(5, 6) },
        'some-new-group': { 'tag-1': col(7, 8) },
      }),
      { model: 'diff-3tags', facility: '1903' },
    );
    expect(columns.map((c) => [c.name, c.tag, c.description])).toEqual([
      ['tag-1|diff-3tags|model-output', 'tag-1', 'Gordo model-output - tag-1'],
      ['tag-2|diff-3tags|model-output', 'tag|2', 'Gordo model-output - tag|2'],
      ['1903.INDICATOR|diff-3tags|total-anomaly-scaled', '', 'Gordo total-anomaly-scaled - '],
      ['tag-1|diff-3tags|some-new-group', 'tag-1', 'Gordo some-new-group - tag-1'],
    ]);
    expect(columns[2]?.values).toEqual(col(5, 6));
  });

  it('selects the rows of [from, to) from an ascending index', () => {
    expect(rowsWithin([10, 20, 30, 40], 20, 40)).toEqual({ start: 1, end: 3 });
    expect(rowsWithin([10, 20], 25, 40)).toEqual({ start: 2, end: 2 });
    expect(rowsWithin([], 0, 1)).toEqual({ start: 0, end: 0 });
  });
});
