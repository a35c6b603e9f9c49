import { EMPTY_TALLY } from '../tally';
import type { RunFigures } from '../figures';
import { reportHtml } from './html';
import type { ModelPlot } from './collect';

const figures: RunFigures = {
  tally: { ...EMPTY_TALLY, enqueued: 4, succeeded: 3, skipped: 1 },
  slots: 2,
  models: 2,
  taskRuns: 4,
  wallMs: 3000,
  executionMs: 1000,
  tasksPerSecond: 4,
  p50Ms: 40,
  p95Ms: 90,
  upstreams: [{ upstream: 'gordo', requests: 6, perTask: 1.5, source: 'emulator' }],
};
const plot = (model: string): ModelPlot => ({
  project: 'p',
  model,
  tags: [],
  tagCount: 0,
  score: [],
  threshold: undefined,
  episodes: [],
});
const header = {
  title: 'Latigo local run',
  startedAt: new Date('2026-03-01T08:00:00Z'),
  mode: 'embedded',
  settings: [],
};

describe('reportHtml', () => {
  const html = reportHtml(header, figures, [
    { plot: plot('unit-01'), svg: '<svg id="a"></svg>' },
    { plot: plot('<b>unit-02</b>'), svg: undefined },
  ]);

  it('holds a figure per plotted model and says which model has nothing stored', () => {
    expect(
      html.match(/<figure class="plot" data-model="unit-01"><svg id="a"><\/svg><\/figure>/g),
    ).toHaveLength(1);
    expect(html).toContain('No stored predictions of this model');
    expect(html).toContain('&lt;b&gt;unit-02&lt;/b&gt;');
    expect(html).not.toContain('<b>unit-02</b>');
  });

  it('says when a wide model shows only its first tags', () => {
    const tag = { tag: 'tag-1', unit: '', input: [], output: [], episodes: [] };
    const wide = reportHtml(header, figures, [
      { plot: { ...plot('wide'), tags: [tag], tagCount: 25 }, svg: '<svg></svg>' },
    ]);
    expect(wide).toContain('The first 1 of 25 tags.');
  });

  it('shows the tally and the figures', () => {
    expect(html).toContain('Every task accounted for: 4/4.');
    expect(html).toMatch(/task duration p95<\/td><td class="n">90 ms/);
    expect(html).toMatch(/<td>gordo<\/td><td class="n">6<\/td><td class="n">1.5<\/td>/);
    expect(html).toContain("Counted by the emulators (the scheduler's model discovery included).");
  });

  it('marks the calls to an upstream that is not emulated, counted by the executors', () => {
    const real = reportHtml(
      header,
      { ...figures, upstreams: [{ upstream: 'gordo', requests: 8, perTask: 2, source: 'executors' }] },
      [],
    );
    expect(real).toMatch(/<td>gordo \*<\/td><td class="n">8<\/td>/);
    expect(real).toContain('* by the executors');
  });

  it('is self-contained: no script, stylesheet link, image or other URL to fetch', () => {
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|https?:\/\//);
  });
});
