import * as echarts from 'echarts';
import type { EpisodeMark, ModelPlot, Point } from './collect';

export const CHART_WIDTH = 960;
const TAG_PANEL = 84;
const SCORE_PANEL = 130;
const GAP = 34;
const TOP = 34;
const BOTTOM = 34;

export const COLORS = {
  input: '#9aa3b2',
  score: '#1f2937',
  threshold: '#dc2626',
  episode: 'rgba(220, 38, 38, 0.13)',
  outputs: ['#2563eb', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2'],
};

/** Height of a model's chart: one panel per tag, then the score panel. */
export function chartHeight(plot: ModelPlot): number {
  return TOP + plot.tags.length * (TAG_PANEL + GAP) + SCORE_PANEL + BOTTOM;
}

const areas = (episodes: readonly EpisodeMark[]) => ({
  silent: true,
  itemStyle: { color: COLORS.episode },
  data: episodes.map((e) => [{ xAxis: e.start }, { xAxis: e.end }]),
});

// Log axes cannot show 0; a score of exactly 0 sits at the bottom instead of vanishing.
const FLOOR = 1e-7;

/**
 * The echarts option of one model: per input tag a panel with the measured signal (grey) and
 * the model output (colour), then the anomaly score (`total-anomaly-scaled`, log scale) against
 * the model's threshold (dashed); injected anomaly episodes are shaded in every panel.
 */
export function chartOption(plot: ModelPlot, range: { from: number; to: number }): echarts.EChartsCoreOption {
  const panels = plot.tags.length;
  const top = (i: number) => TOP + i * (TAG_PANEL + GAP);
  const grids = [
    ...plot.tags.map((_, i) => ({ left: 64, right: 24, top: top(i), height: TAG_PANEL })),
    { left: 64, right: 24, top: top(panels), height: SCORE_PANEL },
  ];
  const xAxis = grids.map((_, i) => ({
    type: 'time' as const,
    gridIndex: i,
    min: range.from,
    max: range.to,
    axisLabel: { show: i === panels, hideOverlap: true, color: '#4b5563' },
    axisTick: { show: i === panels },
    splitLine: { show: false },
  }));
  const yAxis = [
    ...plot.tags.map((_, i) => ({
      type: 'value' as const,
      gridIndex: i,
      scale: true,
      splitNumber: 3,
      axisLabel: { color: '#4b5563', fontSize: 10 },
      splitLine: { lineStyle: { color: '#eef0f3' } },
    })),
    {
      type: 'log' as const,
      gridIndex: panels,
      logBase: 10,
      axisLabel: { color: '#4b5563', fontSize: 10, formatter: (v: number) => v.toExponential(0) },
      splitLine: { lineStyle: { color: '#eef0f3' } },
    },
  ];
  const title = [
    ...plot.tags.map((tag, i) => ({
      text: `${tag.tag}${tag.unit ? ` [${tag.unit}]` : ''}: input and model output`,
      left: 60,
      top: top(i) - 22,
      textStyle: { fontSize: 12, fontWeight: 'normal' as const, color: '#111827' },
    })),
    {
      text: `anomaly score (total-anomaly-scaled)${plot.threshold !== undefined ? ` against the threshold (dashed, ${plot.threshold.toExponential(1)})` : ''}`,
      left: 60,
      top: top(panels) - 22,
      textStyle: { fontSize: 12, fontWeight: 'normal' as const, color: '#111827' },
    },
  ];
  const line = (name: string, data: Point[], index: number, color: string, width: number) => ({
    name,
    type: 'line' as const,
    xAxisIndex: index,
    yAxisIndex: index,
    data,
    showSymbol: false,
    lineStyle: { color, width },
    itemStyle: { color },
  });
  const series = [
    ...plot.tags.flatMap((tag, i) => [
      { ...line(`${tag.tag} input`, tag.input, i, COLORS.input, 1), markArea: areas(tag.episodes) },
      line(
        `${tag.tag} model output`,
        tag.output,
        i,
        COLORS.outputs[i % COLORS.outputs.length] as string,
        1.5,
      ),
    ]),
    {
      ...line(
        'anomaly score',
        plot.score.map(([t, v]) => [t, Math.max(v, FLOOR)] as Point),
        panels,
        COLORS.score,
        1.2,
      ),
      markArea: areas(plot.episodes),
    },
    // A two-point series, not a markLine: echarts drops markLines at small values on log axes.
    ...(plot.threshold !== undefined
      ? [
          {
            ...line(
              'threshold',
              [
                [range.from, plot.threshold],
                [range.to, plot.threshold],
              ],
              panels,
              COLORS.threshold,
              1.5,
            ),
            lineStyle: { color: COLORS.threshold, width: 1.5, type: 'dashed' as const },
          },
        ]
      : []),
  ];
  return { animation: false, backgroundColor: '#ffffff', title, grid: grids, xAxis, yAxis, series };
}

/** The chart as a standalone SVG string, rendered without a DOM (echarts' server-side renderer). */
export function renderChartSvg(plot: ModelPlot, range: { from: number; to: number }): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: chartHeight(plot),
  });
  try {
    chart.setOption(chartOption(plot, range));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
