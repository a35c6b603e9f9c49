import type { RunFigures } from './figures';
import { formatDuration, formatNumber } from './format';
import { accountedFor, finished } from './tally';

/** Where the run wrote its output. */
export interface RunOutput {
  report: string;
  logs: string;
}

/** The table printed at the end of a run: the outcome tally first, then the figures. */
export function summaryTable(figures: RunFigures, output: RunOutput): string {
  const t = figures.tally;
  const rows: [string, string][] = [
    ['slots', String(figures.slots)],
    ['models', String(figures.models)],
    ['tasks enqueued', String(t.enqueued)],
    ['  succeeded', String(t.succeeded)],
    ['  skipped', String(t.skipped)],
    ['  dead-lettered', String(t.deadLettered)],
    [
      'accounted for',
      `${finished(t)}/${t.enqueued} ${accountedFor(t) ? '(every task has an outcome)' : '(INCOMPLETE)'}`,
    ],
    ['retries', String(t.retried)],
    ['run time', `${formatDuration(figures.wallMs)} (tasks ${formatDuration(figures.executionMs)})`],
    ['tasks/s', formatNumber(figures.tasksPerSecond)],
    ['task duration', `p50 ${formatDuration(figures.p50Ms)}, p95 ${formatDuration(figures.p95Ms)}`],
    [
      'upstream calls/task',
      figures.upstreams.map((u) => `${u.upstream} ${formatNumber(u.perTask)}`).join(', '),
    ],
    ['report', output.report],
    ['logs', output.logs],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
