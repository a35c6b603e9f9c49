import type { EmulatedModel } from '../model/linear-model';
import type { MachineFacts } from '../model/machine';
import { anomalyColumns, smoother } from './anomaly';

function model(overrides: Partial<MachineFacts> = {}): EmulatedModel {
  const facts: MachineFacts = {
    name: 'm',
    tags: ['a', 'b'],
    targets: ['a', 'b'],
    resolutionMicros: 600_000_000,
    modelClass: 'gordo.machine.model.anomaly.diff.DiffBasedAnomalyDetector',
    isAnomalyDetector: true,
    steps: ['MinMaxScaler', 'Ridge'],
    modelOffset: 0,
    featureThresholds: [0.5, 1],
    aggregateThreshold: 0.01,
    window: 2,
    smoothingMethod: 'sma',
    summaryStatistics: {},
    ...overrides,
  };
  return { facts, params: { targets: {}, scaler: { a: [0, 2], b: [0, 4] } } };
}

const yhat = [Float64Array.of(1, 1), Float64Array.of(2, 2)];
const y = [Float64Array.of(0.5, 1), Float64Array.of(2, 3)];
const byKey = (columns: ReturnType<typeof anomalyColumns>) =>
  Object.fromEntries(columns.map((c) => [`${c.group}/${c.name}`, Array.from(c.values.data as Float64Array)]));

describe('anomalyColumns', () => {
  it('computes scaled and unscaled differences, their mean squares and the confidences (§1.6)', () => {
    expect(byKey(anomalyColumns(model(), yhat, y, false))).toEqual({
      'tag-anomaly-scaled/a': [0.25, 0],
      'tag-anomaly-scaled/b': [0, 0.25],
      'total-anomaly-scaled/': [0.03125, 0.03125],
      'tag-anomaly-unscaled/a': [0.5, 0],
      'tag-anomaly-unscaled/b': [0, 1],
      'total-anomaly-unscaled/': [0.125, 0.5],
      'anomaly-confidence/a': [1, 0],
      'anomaly-confidence/b': [0, 1],
      'total-anomaly-confidence/': [3.125, 3.125],
    });
  });

  it('adds the smooth-* columns only with all_columns and a window, before the confidences', () => {
    const columns = anomalyColumns(model(), yhat, y, true);
    expect([...new Set(columns.map((c) => c.group))]).toEqual([
      'tag-anomaly-scaled',
      'total-anomaly-scaled',
      'tag-anomaly-unscaled',
      'total-anomaly-unscaled',
      'smooth-tag-anomaly-scaled',
      'smooth-total-anomaly-scaled',
      'smooth-tag-anomaly-unscaled',
      'smooth-total-anomaly-unscaled',
      'anomaly-confidence',
      'total-anomaly-confidence',
    ]);
    expect(byKey(columns)['smooth-tag-anomaly-unscaled/b']).toEqual([NaN, 0.5]);
    expect(
      anomalyColumns(model({ window: null, smoothingMethod: null }), yhat, y, true).some((c) =>
        c.group.startsWith('smooth-'),
      ),
    ).toBe(false);
  });

  it('leaves out confidences when the metadata has no thresholds', () => {
    const groups = anomalyColumns(
      model({ featureThresholds: null, aggregateThreshold: null }),
      yhat,
      y,
      false,
    ).map((c) => c.group);
    expect(groups).not.toContain('anomaly-confidence');
    expect(groups).not.toContain('total-anomaly-confidence');
  });
});

describe('smoother', () => {
  const values = Float64Array.of(1, 2, 3, 10);

  it('rolling median and mean are NaN until a full window', () => {
    expect(Array.from(smoother('smm', 3)(values))).toEqual([NaN, NaN, 2, 3]);
    expect(Array.from(smoother('sma', 3)(values))).toEqual([NaN, NaN, 2, 5]);
  });

  it('ewma is pandas ewm(span=window).mean(), defined from the first row', () => {
    const out = Array.from(smoother('ewma', 3)(values));
    // pandas 1.5: pd.Series([1, 2, 3, 10.]).ewm(span=3).mean()
    [1.0, 1.6666666666666667, 2.4285714285714284, 6.466666666666667].forEach((expected, i) =>
      expect(out[i]).toBeCloseTo(expected, 12),
    );
  });
});
