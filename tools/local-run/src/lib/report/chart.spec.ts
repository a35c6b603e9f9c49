import { renderChartSvg } from './chart';
import type { ModelPlot, Point } from './collect';

const MINUTE = 60_000;
const from = Date.UTC(2026, 2, 1, 6);
const range = { from, to: from + 60 * MINUTE };
const series = (value: (i: number) => number): Point[] =>
  Array.from({ length: 60 }, (_, i) => [from + i * MINUTE, value(i)]);

const plot: ModelPlot = {
  project: 'latigo-local',
  model: 'unit-01',
  tags: ['unit-01.TT-101', 'unit-01.PT-102'].map((tag, k) => ({
    tag,
    unit: k === 0 ? 'degC' : 'barg',
    input: series((i) => 50 + k + Math.sin(i / 5)),
    output: series((i) => 50 + k + Math.sin(i / 5) * 0.9),
    episodes: [],
  })),
  tagCount: 2,
  score: series((i) => (i > 30 && i < 40 ? 1e-2 : 1e-5)),
  threshold: 5e-4,
  episodes: [
    {
      id: 'g#1',
      start: from + 30 * MINUTE,
      end: from + 40 * MINUTE,
      kind: 'offset',
      tags: ['unit-01.TT-101'],
    },
  ],
};

describe('renderChartSvg', () => {
  it('draws a panel per tag, the score against a dashed threshold and the episode, as one SVG', () => {
    const svg = renderChartSvg(plot, range);

    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('unit-01.TT-101 [degC]: input and model output');
    expect(svg).toContain('unit-01.PT-102 [barg]: input and model output');
    expect(svg).toContain('against the threshold (dashed, 5.0e-4)');
    expect(svg).toMatch(/stroke-dasharray/);
    // The episode's shading, in the score panel.
    expect(svg).toMatch(/<polygon [^>]*fill="rgb\(220,38,38\)" fill-opacity="0.13"/);
    // Nothing to fetch: no links, no images.
    expect(svg).not.toMatch(/href=|<image/);
  });

  it('leaves the threshold out for a model without one', () => {
    const svg = renderChartSvg({ ...plot, threshold: undefined }, range);
    expect(svg).not.toContain('against the threshold');
    expect(svg).not.toMatch(/stroke-dasharray/);
  });
});
