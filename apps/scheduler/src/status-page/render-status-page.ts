import type { SlotProjectSummary, StaleModel, StatusReport, TaskStatus } from '@latigo/task-status';
import { escapeHtml as esc, formatSeconds, formatTime } from './format';
import { modelHistoryHref, statusJsonHref, type StatusScope } from './status-links';

export interface StatusPageOptions extends StatusScope {
  /** Adds `<meta http-equiv="refresh">`; absent or 0 for none. */
  readonly refreshSeconds?: number;
}

/** The outcome columns, in the order a task reaches them, with the class that colours them. */
const OUTCOMES = [
  { key: 'succeeded', label: 'succeeded', tone: 'ok' },
  { key: 'skipped', label: 'skipped', tone: 'skip' },
  { key: 'failed', label: 'dead-lettered', tone: 'fail' },
  { key: 'inFlight', label: 'in flight', tone: 'run' },
] as const;

const STATE_TONE: Record<TaskStatus['state'], string> = {
  enqueued: 'run',
  running: 'run',
  retrying: 'skip',
  succeeded: 'ok',
  skipped: 'skip',
  dead_lettered: 'fail',
};

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; margin: 0; background: #f6f7f9; }
main { max-width: 1200px; margin: 0 auto; padding: 20px 20px 40px; }
h1 { font-size: 22px; margin: 0 0 2px; } h2 { font-size: 17px; margin: 0 0 8px; }
a { color: #1d4ed8; } .muted { color: #6b7280; } .empty { color: #047857; margin: 4px 0; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 14px 16px; margin: 14px 0; overflow-x: auto; }
.totals { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 0; padding: 0; list-style: none; }
.totals li { background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px 12px; }
.totals b { font-size: 18px; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 4px 8px; text-align: left; border-bottom: 1px solid #eef0f3; vertical-align: top; }
th { font-weight: 600; color: #374151; white-space: nowrap; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.zero { color: #c0c4cc; }
td.ok { background: #e7f6ec; color: #166534; font-weight: 600; }
td.skip { background: #fff4d6; color: #854d0e; font-weight: 600; }
td.fail { background: #fde8e8; color: #991b1b; font-weight: 600; }
td.run { background: #e3efff; color: #1e40af; font-weight: 600; }
td.short { background: #fde8e8; color: #991b1b; font-weight: 600; }
.bar { display: flex; width: 160px; height: 12px; border-radius: 3px; overflow: hidden; background: #eef0f3; margin-top: 4px; }
.bar i.ok { background: #22a05a; } .bar i.skip { background: #e0a800; } .bar i.fail { background: #dc2626; } .bar i.run { background: #3b82f6; }
.state { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.state.ok { background: #e7f6ec; color: #166534; } .state.skip { background: #fff4d6; color: #854d0e; }
.state.fail { background: #fde8e8; color: #991b1b; } .state.run { background: #e3efff; color: #1e40af; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f3f4f6; padding: 0 3px; border-radius: 3px; }
.reason { max-width: 520px; overflow-wrap: anywhere; }
footer { font-size: 13px; } .nowrap { white-space: nowrap; }
`;

/**
 * The scheduler's status page as one self-contained HTML document (inline CSS, no script,
 * nothing fetched): outcome counts per slot and project, the stale models and why, the dead
 * letters of the reported slots, and links to the same data as JSON. Every value is escaped.
 */
export function renderStatusPage(report: StatusReport, options: StatusPageOptions): string {
  const scope = options.project === undefined ? 'all projects' : `project ${options.project}`;
  const refresh = options.refreshSeconds
    ? `<meta http-equiv="refresh" content="${Math.round(options.refreshSeconds)}">`
    : '';
  const json = statusJsonHref(options);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${refresh}
<title>Latigo status</title><style>${STYLE}</style></head>
<body><main>
<h1>Latigo status</h1>
<p class="muted">Newest ${options.slots} ${options.slots === 1 ? 'slot' : 'slots'} · ${esc(scope)} · generated ${esc(formatTime(report.generatedAt))} · a model is stale after ${esc(formatSeconds(report.freshnessLimitSeconds))} without a new prediction${options.refreshSeconds ? ` · refreshes every ${Math.round(options.refreshSeconds)} s` : ''}</p>
${totals(report)}
${slotsSection(report.slots)}
${staleSection(report.stale)}
${deadLetterSection(report.deadLetters)}
<footer class="muted">The same data as JSON: <a href="${esc(json)}">${esc(json)}</a>; a model's recent tasks: <code>/status/models/&lt;project&gt;/&lt;model&gt;.json</code> (linked from each model above).</footer>
</main></body></html>
`;
}

function totals(report: StatusReport): string {
  const sum = (key: 'enqueued' | (typeof OUTCOMES)[number]['key']) =>
    report.slots.reduce((n, s) => n + s[key], 0);
  const items: [number, string][] = [
    [sum('enqueued'), 'tasks'],
    [sum('succeeded'), 'succeeded'],
    [sum('skipped'), 'skipped'],
    [sum('failed'), 'dead-lettered'],
    [sum('inFlight'), 'in flight'],
    [report.stale.length, report.stale.length === 1 ? 'stale model' : 'stale models'],
  ];
  return `<ul class="totals" aria-label="totals">${items
    .map(([n, label]) => `<li><b>${n}</b> ${label}</li>`)
    .join('')}</ul>`;
}

function slotsSection(slots: readonly SlotProjectSummary[]): string {
  if (slots.length === 0)
    return `<section id="slots"><h2>Slots</h2><p class="empty">No slot recorded yet: the scheduler has not enqueued anything in the retention.</p></section>`;
  const head = `<tr><th>slot</th><th>project</th><th>outcomes</th><th class="n">expected</th><th class="n">enqueued</th>${OUTCOMES.map(
    (o) => `<th class="n">${o.label}</th>`,
  ).join('')}<th class="n">lag</th></tr>`;
  const rows = slots.map((s) => {
    const counts = OUTCOMES.map(
      (o) => `<td class="n ${s[o.key] > 0 ? o.tone : 'zero'}">${s[o.key]}</td>`,
    ).join('');
    const enqueued =
      s.enqueued < s.expected
        ? `<td class="n short" title="fewer tasks enqueued than models expected">${s.enqueued}</td>`
        : `<td class="n">${s.enqueued}</td>`;
    return `<tr data-slot="${esc(s.slot)}" data-project="${esc(s.project)}"><td class="nowrap">${esc(formatTime(s.slot))}</td><td>${esc(s.project)}</td><td>${bar(s)}</td><td class="n">${s.expected}</td>${enqueued}${counts}<td class="n">${esc(formatSeconds(s.lagSeconds))}</td></tr>`;
  });
  return `<section id="slots"><h2>Slots</h2><table><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>
<p class="muted">A slot is the end of its tasks' data window. Lag: from the slot to its last outcome (to now while tasks are in flight).</p></section>`;
}

/** Shares of the outcomes as a stacked bar, so a slot's health shows without reading numbers. */
function bar(s: SlotProjectSummary): string {
  const total = Math.max(s.expected, s.enqueued);
  if (total === 0) return '';
  const parts = OUTCOMES.filter((o) => s[o.key] > 0)
    .map((o) => `<i class="${o.tone}" style="width:${((100 * s[o.key]) / total).toFixed(1)}%"></i>`)
    .join('');
  const label = OUTCOMES.map((o) => `${s[o.key]} ${o.label}`).join(', ');
  return `<div class="bar" role="img" aria-label="${esc(label)}">${parts}</div>`;
}

function modelCell(project: string, model: string): string {
  return `<a class="nowrap" href="${esc(modelHistoryHref(project, model))}">${esc(project)}/${esc(model)}</a>`;
}

function stateBadge(task: TaskStatus): string {
  return `<span class="state ${STATE_TONE[task.state] ?? 'run'}">${esc(task.state.replace('_', '-'))}</span>`;
}

function reasonCell(task: TaskStatus | undefined): string {
  if (!task) return '<td></td><td class="reason muted">no task recorded in the retention</td>';
  const code = task.code ? `<code>${esc(task.code)}</code>` : '';
  const reason = task.reason ? esc(task.reason) : '<span class="muted">no reason recorded</span>';
  return `<td>${code}</td><td class="reason">${reason}</td>`;
}

function staleSection(stale: readonly StaleModel[]): string {
  if (stale.length === 0)
    return `<section id="stale"><h2>Stale models</h2><p class="empty">None: every model has a prediction within the freshness limit.</p></section>`;
  const rows = stale.map((m) => {
    const last = m.lastSucceededTo
      ? `${esc(formatTime(m.lastSucceededTo))}<br><span class="muted">${esc(formatSeconds(m.freshnessSeconds ?? NaN))} ago</span>`
      : '<span class="muted">never in the retention</span>';
    const latest = m.latest
      ? `${stateBadge(m.latest)}<br><span class="muted">window to ${esc(formatTime(m.latest.to))}, attempt ${m.latest.attempt}</span>`
      : '';
    return `<tr data-model="${esc(`${m.project}/${m.model}`)}"><td>${modelCell(m.project, m.model)}</td><td>${last}</td><td>${latest}</td>${reasonCell(m.latest)}</tr>`;
  });
  return `<section id="stale"><h2>Stale models <span class="muted">(${stale.length})</span></h2><table><thead><tr><th>model</th><th>predictions up to</th><th>latest task</th><th>code</th><th>why</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></section>`;
}

function deadLetterSection(deadLetters: readonly TaskStatus[]): string {
  if (deadLetters.length === 0)
    return `<section id="dead-letters"><h2>Dead letters</h2><p class="empty">None in these slots.</p></section>`;
  const rows = deadLetters.map(
    (t) =>
      `<tr data-task="${esc(t.taskId)}"><td class="nowrap">${esc(formatTime(t.to))}</td><td>${modelCell(t.project, t.model)}</td><td class="n">${t.attempt}</td>${reasonCell(t)}<td class="n">${esc(formatTime(t.at))}</td></tr>`,
  );
  return `<section id="dead-letters"><h2>Dead letters <span class="muted">(${deadLetters.length})</span></h2><table><thead><tr><th>slot</th><th>model</th><th class="n">attempts</th><th>code</th><th>reason</th><th>at</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>
<p class="muted">Tasks that failed for good (after their retries, or at once for errors a retry cannot fix); they are on the dead-letter topic with this reason.</p></section>`;
}
