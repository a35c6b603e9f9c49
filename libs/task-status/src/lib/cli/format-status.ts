import type { ModelHistory, StatusReport, TaskStatus } from '../status-report';

/** `95s` → `1m35s`; short and exact enough for people. */
export function formatSeconds(total: number): string {
  const s = Math.round(total);
  if (s < 60) return `${s}s`;
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : ''].filter(Boolean);
  return parts.join('') || '0s';
}

const shortIso = (iso: string) => iso.replace(/\.000Z$/, 'Z');

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function why(task: TaskStatus | undefined): string {
  if (!task) return 'no task recorded';
  const detail = [task.code, task.reason && task.reason !== task.code ? task.reason : undefined]
    .filter(Boolean)
    .join(': ');
  return `${task.state}${task.attempt > 1 ? ` (attempt ${task.attempt})` : ''}${detail ? ` ${detail}` : ''}`;
}

/** The report as people read it: a row per slot × project, stale models, recent dead letters. */
export function formatReport(report: StatusReport): string {
  const out: string[] = [];
  if (report.slots.length === 0) {
    out.push('no task status recorded (in the retention)');
  } else {
    out.push(
      table(
        ['slot', 'project', 'expected', 'enqueued', 'succeeded', 'skipped', 'failed', 'in flight', 'lag'],
        report.slots.map((s) => [
          shortIso(s.slot),
          s.project,
          String(s.expected),
          String(s.enqueued),
          String(s.succeeded),
          String(s.skipped),
          String(s.failed),
          String(s.inFlight),
          formatSeconds(s.lagSeconds),
        ]),
        new Set([2, 3, 4, 5, 6, 7, 8]),
      ),
    );
  }
  out.push('');
  if (report.stale.length === 0) {
    out.push(`stale models: none (limit ${formatSeconds(report.freshnessLimitSeconds)})`);
  } else {
    out.push(
      `stale models (newest stored window older than ${formatSeconds(report.freshnessLimitSeconds)}):`,
    );
    for (const s of report.stale) {
      const age =
        s.lastSucceededTo && s.freshnessSeconds !== undefined
          ? `last window ended ${shortIso(s.lastSucceededTo)} (${formatSeconds(s.freshnessSeconds)} ago)`
          : 'no stored window in the retention';
      out.push(`  ${s.project}/${s.model}  ${age}  latest: ${why(s.latest)}`);
    }
  }
  if (report.deadLetters.length > 0) {
    out.push('', 'recent dead letters:');
    for (const t of report.deadLetters) out.push(`  ${shortIso(t.at)}  ${t.taskId}  ${why(t)}`);
  }
  return `${out.join('\n')}\n`;
}

/** A model's recent tasks, newest first, with why each ended as it did. */
export function formatHistory(history: ModelHistory): string {
  const name = `${history.project}/${history.model}`;
  if (history.tasks.length === 0) return `${name}: no task recorded (in the retention)\n`;
  return `${name}: ${history.tasks.length} recent task(s)\n${table(
    ['window', 'state', 'attempt', 'duration', 'at', 'code', 'reason'],
    history.tasks.map((t) => [
      `${shortIso(t.from)} – ${shortIso(t.to)}`,
      t.state,
      String(t.attempt),
      t.durationMs === undefined ? '' : `${t.durationMs} ms`,
      shortIso(t.at),
      t.code ?? '',
      t.reason ?? '',
    ]),
    new Set([2, 3]),
  )}\n`;
}
