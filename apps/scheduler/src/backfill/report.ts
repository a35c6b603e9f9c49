import { ExitCode } from '@latigo/observability';
import { formatUtc } from '@latigo/task-queue';
import type { SlotWindow } from '../slots';
import type { BackfillReport } from './run-backfill';

const t = (ms: number) => formatUtc(new Date(ms));
const span = (w: SlotWindow) => `${t(w.from)} → ${t(w.to)}`;

/** The summary printed on stdout; a dry run also lists every window. */
export function formatReport(report: BackfillReport): string {
  const lines: string[] = [];
  const slots = report.windows.length;
  const modelCount = Object.values(report.models).reduce((n, models) => n + models.length, 0);
  const first = report.windows[0];
  const last = report.windows[report.windows.length - 1];
  const seconds = (report.durationMs / 1000).toFixed(1);
  if (report.dryRun) {
    lines.push(
      `Backfill (dry run): ${slots} slots × ${modelCount} models = ${report.tasksPlanned} tasks would be enqueued`,
    );
  } else if (report.stopped || report.interrupted) {
    const why = report.stopped ? `${report.stopped.code}: ${report.stopped.error}` : 'interrupted';
    lines.push(
      `Backfill stopped after ${report.slotsDone} of ${slots} slots (${report.tasksEnqueued} tasks enqueued): ${why}`,
    );
    const next = report.windows[report.slotsDone];
    if (next && last)
      lines.push(`  to finish: backfill --from ${t(next.from)} --to ${t(last.to)} (same filters)`);
  } else {
    lines.push(
      `Backfill done: ${report.slotsDone} slots, ${report.tasksEnqueued} tasks enqueued in ${seconds} s`,
    );
  }
  if (first && last) lines.push(`  windows: ${span(first)} … ${span(last)}`);
  else lines.push('  no slot of this range has come yet');
  for (const [project, models] of Object.entries(report.models)) {
    lines.push(`  ${project}: ${models.length} models (${models.join(', ')})`);
  }
  if (report.futureSlots > 0)
    lines.push(`  left to the scheduler: ${report.futureSlots} slots still to come`);
  for (const f of report.failures) lines.push(`  project left out: ${f.project}: ${f.code}: ${f.message}`);
  if (report.unknownModels.length)
    lines.push(`  no project serves --model ${report.unknownModels.join(', ')}`);
  if (report.dryRun) for (const w of report.windows) lines.push(`    ${span(w)}`);
  return `${lines.join('\n')}\n`;
}

/** 0 when everything asked for was enqueued; 1 when something was left out; 130 when interrupted. */
export function exitCodeOf(report: BackfillReport): number {
  if (report.interrupted) return ExitCode.interrupted;
  if (report.stopped || report.failures.length > 0 || report.unknownModels.length > 0)
    return ExitCode.failure;
  return ExitCode.ok;
}
