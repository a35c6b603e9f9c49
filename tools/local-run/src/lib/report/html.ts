import type { RunFigures } from '../figures';
import { formatDuration, formatNumber } from '../format';
import { accountedFor, finished } from '../tally';
import { COLORS } from './chart';
import type { ModelPlot } from './collect';

/** What the report says about how the run was set up. */
export interface ReportSettings {
  title: string;
  startedAt: Date;
  /** e.g. `embedded (in-memory queue and cache, emulated upstreams)` or the config file. */
  mode: string;
  settings: [string, string][];
}

/** One model's section: its plot (an SVG string) or why there is none. */
export interface ModelSection {
  plot: ModelPlot;
  svg: string | undefined;
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const iso = (t: number) => new Date(t).toISOString().slice(11, 16);

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; margin: 0; background: #f6f7f9; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 0 0 6px; }
.muted { color: #6b7280; } .ok { color: #047857; font-weight: 600; } .bad { color: #b91c1c; font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(290px, 1fr)); gap: 16px; margin: 18px 0; }
.card, section.model { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 14px 16px; }
section.model { margin: 16px 0; }
table { border-collapse: collapse; width: 100%; } td, th { padding: 3px 6px; text-align: left; border-bottom: 1px solid #f0f1f3; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure.plot { margin: 8px 0 0; } figure.plot svg { display: block; max-width: 100%; height: auto; }
.legend span { display: inline-flex; align-items: center; margin-right: 14px; }
.legend i { display: inline-block; width: 18px; height: 10px; margin-right: 5px; border-radius: 2px; }
`;

function tallyCard(f: RunFigures): string {
  const t = f.tally;
  const rows: [string, number][] = [
    ['enqueued', t.enqueued],
    ['succeeded', t.succeeded],
    ['skipped', t.skipped],
    ['dead-lettered', t.deadLettered],
    ['retries (not an outcome)', t.retried],
  ];
  const verdict = accountedFor(t)
    ? `<p class="ok">Every task accounted for: ${finished(t)}/${t.enqueued}.</p>`
    : `<p class="bad">Not every task has an outcome: ${finished(t)}/${t.enqueued}.</p>`;
  return `<div class="card"><h2>Tasks</h2><table>${rows
    .map(([k, v]) => `<tr><td>${k}</td><td class="n">${v}</td></tr>`)
    .join('')}</table>${verdict}</div>`;
}

function figuresCard(f: RunFigures): string {
  const rows: [string, string][] = [
    ['slots × models', `${f.slots} × ${f.models}`],
    ['run time', formatDuration(f.wallMs)],
    ['tasks (first enqueue → last outcome)', formatDuration(f.executionMs)],
    ['tasks/s', formatNumber(f.tasksPerSecond)],
    ['task duration p50', formatDuration(f.p50Ms)],
    ['task duration p95', formatDuration(f.p95Ms)],
  ];
  const upstreams = f.upstreams
    .map(
      (u) =>
        `<tr><td>${u.upstream}${u.source === 'executors' ? ' *' : ''}</td><td class="n">${u.requests}</td><td class="n">${formatNumber(u.perTask, 2)}</td></tr>`,
    )
    .join('');
  const note = f.upstreams.some((u) => u.source === 'executors')
    ? "Counted by the emulators (the scheduler's model discovery included); * by the executors, for an upstream that is not emulated."
    : "Counted by the emulators (the scheduler's model discovery included).";
  return `<div class="card"><h2>Figures</h2><table>${rows
    .map(([k, v]) => `<tr><td>${k}</td><td class="n">${v}</td></tr>`)
    .join(
      '',
    )}</table><h2 style="margin-top:12px">Upstream calls</h2><table><tr><th>upstream</th><th class="n">requests</th><th class="n">per task</th></tr>${upstreams}</table>
<p class="muted">${note}</p></div>`;
}

function modelSection({ plot, svg }: ModelSection): string {
  const episodes = plot.episodes.length
    ? plot.episodes
        .map((e) => `${iso(e.start)}–${iso(e.end)} UTC ${escape(e.kind)} in ${e.tags.map(escape).join(', ')}`)
        .join('; ')
    : 'none in this range';
  const shown =
    plot.tagCount > plot.tags.length ? `The first ${plot.tags.length} of ${plot.tagCount} tags. ` : '';
  const body = svg
    ? `<figure class="plot" data-model="${escape(plot.model)}">${svg}</figure>`
    : `<p class="bad">No stored predictions of this model were found in the emulated Timeseries API.</p>`;
  return `<section class="model" id="model-${escape(plot.model)}"><h2>${escape(plot.model)} <span class="muted">${escape(plot.project)}</span></h2>
<p class="muted">${shown}Injected anomaly episodes: ${episodes}.${plot.threshold !== undefined ? ` Threshold ${plot.threshold.toExponential(2)}.` : ''}</p>${body}</section>`;
}

/** The report: a self-contained page (inline CSS and SVG, no script, nothing fetched). */
export function reportHtml(
  header: ReportSettings,
  figures: RunFigures,
  sections: readonly ModelSection[],
): string {
  const legend = [
    ['input (measured)', COLORS.input],
    ['model output', COLORS.outputs[0] as string],
    ['anomaly score', COLORS.score],
    ['threshold', COLORS.threshold],
    ['injected anomaly', COLORS.episode],
  ]
    .map(([label, color]) => `<span><i style="background:${color}"></i>${label}</span>`)
    .join('');
  const settings = header.settings
    .map(([k, v]) => `<tr><td>${escape(k)}</td><td class="n">${escape(v)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(header.title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${escape(header.title)}</h1>
<p class="muted">${escape(header.startedAt.toISOString())} · ${escape(header.mode)}</p>
<div class="cards">${tallyCard(figures)}${figuresCard(figures)}<div class="card"><h2>Settings</h2><table>${settings}</table></div></div>
<p class="legend">${legend}</p>
${sections.map(modelSection).join('\n')}
</main></body></html>
`;
}
