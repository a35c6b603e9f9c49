import { STATUS_GOOD, SyntheticSignals } from './synthetic-signals';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const GROUP = {
  name: 'compressor',
  tags: ['1903.R-29TE3001.MA_Y', '1903.R-29PT3002.MA_Y', '1903.R-29FT3003.MA_Y'],
};
const [TEMP, PRESSURE] = GROUP.tags as [string, string];

const signals = (options: ConstructorParameters<typeof SyntheticSignals>[0] = {}) =>
  new SyntheticSignals({ seed: 42, groups: [GROUP], ...options });

function correlation(a: number[], b: number[]): number {
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [sab, saa, sbb] = [0, 0, 0];
  a.forEach((x, i) => {
    const y = b[i] ?? Number.NaN;
    sab += (x - ma) * (y - mb);
    saa += (x - ma) ** 2;
    sbb += (y - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe('SyntheticSignals', () => {
  it('gives the same values for the same seed and tag, and different values for another seed', () => {
    const a = signals().points(TEMP, T0, T0 + 3_600_000);
    expect(signals().points(TEMP, T0, T0 + 3_600_000)).toEqual(a);
    expect(
      signals({ seed: 43 })
        .points(TEMP, T0, T0 + 3_600_000)
        .map((p) => p.value),
    ).not.toEqual(a.map((p) => p.value));
  });

  it('keeps samples inside [from, to), in order, one per period with at most the configured jitter', () => {
    const points = signals({ samplePeriodMs: 10_000, jitterMs: 400 }).points(TEMP, T0 + 5_000, T0 + 65_000);
    expect(points).toHaveLength(6);
    points.forEach((p, i) => {
      expect(p.timeMs).toBeGreaterThanOrEqual(T0 + 5_000);
      expect(p.timeMs).toBeLessThan(T0 + 65_000);
      expect(Math.abs(p.timeMs - (T0 + 10_000 * (i + 1)))).toBeLessThanOrEqual(400);
    });
    expect(new Set(points.map((p) => p.timeMs % 10_000)).size).toBeGreaterThan(1);
  });

  it('computes any window on demand: adjacent windows join into the whole, and backward is forward reversed', () => {
    const s = signals();
    const whole = s.points(PRESSURE, T0, T0 + 6 * 3_600_000);
    const joined = [
      ...s.points(PRESSURE, T0, T0 + 2 * 3_600_000),
      ...s.points(PRESSURE, T0 + 2 * 3_600_000, T0 + 6 * 3_600_000),
    ];
    expect(joined).toEqual(whole);
    expect([...s.iterateBackward(PRESSURE, T0, T0 + 6 * 3_600_000)]).toEqual([...whole].reverse());
  });

  it('makes tags of one group move together, so a model over them has structure to learn', () => {
    const s = signals({ samplePeriodMs: 3_600_000, jitterMs: 0, anomalies: { probability: 0 } });
    const hourly = (tag: string) => s.points(tag, T0, T0 + 14 * DAY).map((p) => p.value);
    expect(Math.abs(correlation(hourly(TEMP), hourly(PRESSURE)))).toBeGreaterThan(0.8);
  });

  it('stays in a plausible range for the instrument its name suggests', () => {
    const s = signals();
    expect(s.profile(TEMP)).toMatchObject({ kind: 'temperature', unit: 'degC' });
    const values = s.points(TEMP, T0, T0 + 2 * DAY).map((p) => p.value);
    expect(Math.min(...values)).toBeGreaterThan(0);
    expect(Math.max(...values)).toBeLessThan(200);
  });

  it('marks most samples Good (192) and a few with other statuses', () => {
    const statuses = signals({ samplePeriodMs: 600_000, statusRates: { questionable: 0.01, bad: 0.005 } })
      .points(TEMP, T0, T0 + 30 * DAY)
      .map((p) => p.status);
    const good = statuses.filter((s) => s === STATUS_GOOD).length;
    expect(good / statuses.length).toBeGreaterThan(0.97);
    expect(new Set(statuses)).toEqual(new Set([192, 64, 0]));
  });

  it('changes values only inside the anomaly episodes it lists, and only for the tags they affect', () => {
    const withAnomalies = signals({ samplePeriodMs: 600_000 });
    const without = signals({ samplePeriodMs: 600_000, anomalies: { probability: 0 } });
    const from = T0;
    const to = T0 + 30 * DAY;
    const groupEpisodes = withAnomalies.groupAnomalyEpisodes('compressor', from, to);
    expect(groupEpisodes.length).toBeGreaterThan(2);
    for (const tag of GROUP.tags) {
      const episodes = withAnomalies.anomalyEpisodes(tag, from, to);
      expect(episodes.map((e) => e.id)).toEqual(
        groupEpisodes.filter((e) => e.tags.includes(tag)).map((e) => e.id),
      );
      const inside = (t: number) => episodes.some((e) => t >= e.start.getTime() && t < e.end.getTime());
      const a = withAnomalies.points(tag, from, to);
      const b = without.points(tag, from, to);
      const changed = a.filter((p, i) => p.value !== b[i]?.value).map((p) => p.timeMs);
      expect(changed.every(inside)).toBe(true);
      if (episodes.length > 0) expect(changed.length).toBeGreaterThan(0);
    }
    expect(groupEpisodes.every((e) => e.tags.length >= 1 && e.end > e.start)).toBe(true);
  });

  it('rejects jitter of half a period or more, which would reorder samples', () => {
    expect(() => new SyntheticSignals({ samplePeriodMs: 1000, jitterMs: 500 })).toThrow(/jitterMs/);
  });

  it('answers overlapping, backward and wrapping reads from its sample cache as a fresh instance computes them', () => {
    const cached = signals({ samplePeriodMs: 60_000 });
    const windows: [number, number][] = [
      [T0, T0 + 80 * 60_000],
      [T0 + 30 * 60_000, T0 + 110 * 60_000],
      [T0 - 10 * 60_000, T0 + 20 * 60_000],
      [T0, T0 + DAY], // more samples than the cache holds per tag
      [T0 + 60 * 60_000, T0 + 140 * 60_000],
    ];
    for (const [from, to] of windows) {
      for (const tag of [TEMP, PRESSURE]) {
        expect(cached.points(tag, from, to)).toEqual(
          signals({ samplePeriodMs: 60_000 }).points(tag, from, to),
        );
        expect([...cached.iterateBackward(tag, from, to)]).toEqual([
          ...signals({ samplePeriodMs: 60_000 }).iterateBackward(tag, from, to),
        ]);
      }
    }
  });

  it('hands out sample objects of its own, so changing one does not change later reads', () => {
    const s = signals();
    const first = s.points(TEMP, T0, T0 + 600_000);
    const copy = structuredClone(first);
    first.forEach((p) => (p.value = -1));
    expect(s.points(TEMP, T0, T0 + 600_000)).toEqual(copy);
  });
});
