import { SyntheticSignals } from '@latigo/emulators';
import { extraSeries, fleetModels, modelSpec, sensorGroups, troubleOf } from './fleet';

describe('the local fleet', () => {
  it('names models and tags so each tag gets its own instrument kind', () => {
    const [first, second] = fleetModels(2, 6);
    expect(first).toEqual({
      name: 'unit-01',
      tags: [
        'unit-01.TT-101',
        'unit-01.PT-102',
        'unit-01.FT-103',
        'unit-01.LT-104',
        'unit-01.VT-105',
        'unit-01.TT-106',
      ],
      role: 'healthy',
    });
    expect(second?.name).toBe('unit-02');
    const signals = new SyntheticSignals({ groups: sensorGroups(fleetModels(1, 5), '1903') });
    expect(first?.tags.slice(0, 5).map((t) => signals.profile(t).unit)).toEqual([
      'degC',
      'barg',
      'm3/h',
      '%',
      'mm/s',
    ]);
  });

  it('adds a skipped and a dead-lettered model after the healthy ones, broken through their data', () => {
    const fleet = fleetModels(2, 3, true);
    expect(fleet.map((m) => [m.name, m.role, troubleOf(m)])).toEqual([
      ['unit-01', 'healthy', undefined],
      ['unit-02', 'healthy', undefined],
      ['unit-03', 'skipped', 'skipped: tag unit-03.FT-103 has no series in the Timeseries API'],
      ['unit-04', 'dead-lettered', 'dead-lettered: tag unit-04.TT-101 names series in two facilities'],
    ]);
    expect(sensorGroups(fleet, '1903').map((g) => g.tags)).toEqual([
      ['unit-01.TT-101', 'unit-01.PT-102', 'unit-01.FT-103'],
      ['unit-02.TT-101', 'unit-02.PT-102', 'unit-02.FT-103'],
      ['unit-03.TT-101', 'unit-03.PT-102'],
      ['unit-04.TT-101', 'unit-04.PT-102', 'unit-04.FT-103'],
    ]);
    expect(extraSeries(fleet)).toEqual([{ tag: 'unit-04.TT-101', facility: '1904' }]);
    // A one-tag skipped model has no group at all (an empty group is no sensor group).
    expect(sensorGroups(fleetModels(1, 1, true), '1903').map((g) => g.name)).toEqual(['unit-01', 'unit-03']);
  });

  // The generated linear model applied to the emulator's noise-free signal: what Gordo will predict.
  it('predicts each tag from the rest of its group: close outside anomalies, several scales off inside one', () => {
    const [model] = fleetModels(1, 3);
    if (!model) throw new Error('no model');
    const signals = new SyntheticSignals({
      seed: 7,
      groups: sensorGroups([model], '1903'),
      anomalies: {
        slotMs: 3 * 3_600_000,
        probability: 1,
        minDurationMs: 3_600_000,
        maxDurationMs: 3_600_000,
      },
    });
    const spec = modelSpec(model, (tag) => signals.profile(tag));
    const miss = (tag: string, t: number) => {
      const { intercept, weights } = spec.linear?.[tag] ?? { intercept: 0, weights: {} };
      const predicted = Object.entries(weights).reduce(
        (sum, [input, w]) => sum + w * signals.valueAt(input, t),
        intercept,
      );
      return Math.abs(predicted - signals.valueAt(tag, t)) / signals.profile(tag).scale;
    };
    const from = Date.UTC(2026, 2, 1);
    const to = from + 24 * 3_600_000;
    const [episode] = signals.groupAnomalyEpisodes('unit-01', from, to);
    if (!episode) throw new Error('no episode');
    const affected = episode.tags[0] as string;
    // Every few minutes through the episode: an oscillation crosses zero now and then.
    const inside = Array.from({ length: 11 }, (_, i) => episode.start.getTime() + (i + 1) * 5 * 60_000);
    const quiet = Array.from({ length: 96 }, (_, i) => from + i * 15 * 60_000).filter(
      (t) => signals.groupAnomalyEpisodes('unit-01', t - 3_600_000, t + 3_600_000).length === 0,
    );

    expect(quiet.length).toBeGreaterThan(10);
    expect(Math.max(...quiet.flatMap((t) => model.tags.map((tag) => miss(tag, t))))).toBeLessThan(1);
    expect(Math.max(...inside.map((t) => miss(affected, t)))).toBeGreaterThan(2);
  });
});
