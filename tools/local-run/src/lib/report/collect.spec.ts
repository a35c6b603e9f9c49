import { TimeseriesEmulator, VERSION_TRAITS } from '@latigo/emulators';
import { collectModelPlots, thresholdOf } from './collect';

const HOUR = 3_600_000;

describe('collectModelPlots', () => {
  const from = Date.UTC(2026, 2, 1, 6);
  const to = from + 2 * HOUR;
  const timeseries = new TimeseriesEmulator({
    sensors: [{ facility: '1903', name: 'unit-01', tags: ['unit-01.TT-101', 'unit-01.PT-102'] }],
    signals: {
      anomalies: { slotMs: HOUR, probability: 1, minDurationMs: 20 * 60_000, maxDurationMs: 20 * 60_000 },
    },
    now: () => to + HOUR,
  });
  // What an executor writes back: one series per output column, points at the window's rows.
  const written = (name: string, value: (t: number) => number) => {
    const record = timeseries.store.create({ name, facility: '1903' }, VERSION_TRAITS['v1.7']);
    const times = Array.from({ length: 12 }, (_, i) => from + i * 10 * 60_000);
    timeseries.store.write(
      record.id,
      times.map((t) => ({ t: t * 1000, value: value(t), status: 192 })),
    );
  };
  written('unit-01.TT-101|unit-01|model-output', () => 50);
  written('unit-01.PT-102|unit-01|model-output', () => 12);
  written('1903.INDICATOR|unit-01|total-anomaly-scaled', (t) => (t - from) / HOUR / 1000 + 1e-4);
  written('1903.INDICATOR|unit-01|total-anomaly-confidence', (t) => ((t - from) / HOUR / 1000 + 1e-4) / 5e-4);

  it('reads the stored outputs and score, the input signals and the injected episodes of each model', () => {
    const [plot] = collectModelPlots(timeseries, [{ project: 'p', model: 'unit-01' }], { from, to });

    expect(plot?.tags.map((t) => [t.tag, t.unit, t.output.length])).toEqual([
      ['unit-01.PT-102', 'barg', 12],
      ['unit-01.TT-101', 'degC', 12],
    ]);
    // One synthetic sample a minute (each one's jitter may move one across an end).
    expect(plot?.tags[0]?.input.length).toBeGreaterThanOrEqual(119);
    expect(plot?.tags[0]?.input.length).toBeLessThanOrEqual(121);
    expect(plot?.score).toHaveLength(12);
    expect(plot?.threshold).toBeCloseTo(5e-4, 12);
    // One episode an hour, each in at least one tag of the group.
    expect(plot?.episodes.map((e) => new Date(e.start).getUTCHours())).toEqual([6, 7]);
  });

  it('keeps the first tags of a wide model', () => {
    const [plot] = collectModelPlots(timeseries, [{ project: 'p', model: 'unit-01' }], { from, to }, 1);
    expect(plot?.tags.map((t) => t.tag)).toEqual(['unit-01.PT-102']);
    expect(plot?.tagCount).toBe(2);
  });

  it('has no tags for a model nothing was stored for', () => {
    const [plot] = collectModelPlots(timeseries, [{ project: 'p', model: 'unit-02' }], { from, to });
    expect(plot).toMatchObject({ model: 'unit-02', tags: [], tagCount: 0, score: [], threshold: undefined });
  });
});

describe('thresholdOf', () => {
  it('is the median of score / confidence, skipping zeros', () => {
    expect(
      thresholdOf(
        [
          [1, 0.002],
          [2, 0],
          [3, 0.004],
        ],
        [
          [1, 2],
          [2, 0],
          [3, 4],
        ],
      ),
    ).toBe(0.001);
    expect(thresholdOf([[1, 0.002]], [])).toBeUndefined();
  });
});
