import { writeFileSync } from 'node:fs';
import type { TimeseriesEmulator } from '@latigo/emulators';
import type { RunFigures } from '../figures';
import { renderChartSvg } from './chart';
import { collectModelPlots } from './collect';
import { type ReportSettings, reportHtml } from './html';

export interface ReportInput {
  file: string;
  header: ReportSettings;
  figures: RunFigures;
  timeseries: TimeseriesEmulator;
  models: readonly { project: string; model: string }[];
  /** The data windows the run covered. */
  range: { from: number; to: number } | undefined;
}

/** Plots every model from what was stored and writes the self-contained HTML report. */
export function writeReport(input: ReportInput): void {
  const plots = input.range ? collectModelPlots(input.timeseries, input.models, input.range) : [];
  const range = input.range;
  const sections = plots.map((plot) => ({
    plot,
    svg: range && plot.tags.length > 0 ? renderChartSvg(plot, range) : undefined,
  }));
  writeFileSync(input.file, reportHtml(input.header, input.figures, sections));
}
