/** What became of one scheduled task, as the suite observed it from outside the apps. */
export interface Observations {
  /** Task ids put on the task topic (by the suite or a scheduler), duplicates allowed. */
  readonly scheduled: Iterable<string>;
  /** Task ids whose predictions were written (a metadata record exists for the window). */
  readonly stored: Iterable<string>;
  /** Task id → skip reason (e.g. `no_data`, `model_gone`), from the executors' log lines. */
  readonly skipped: ReadonlyMap<string, string>;
  /** Task id (or `offset:<n>` for a message that is not a task) → dead-letter code. */
  readonly deadLettered: ReadonlyMap<string, string>;
}

/** The figures every scenario ends with. `lost` must be 0. */
export interface Tally {
  readonly scheduled: number;
  readonly stored: number;
  readonly skipped: number;
  readonly deadLettered: number;
  /** Scheduled task ids with no outcome at all: not stored, not skipped, not dead-lettered. */
  readonly lost: number;
  readonly lostIds: readonly string[];
  readonly skipReasons: Readonly<Record<string, number>>;
  readonly deadLetterCodes: Readonly<Record<string, number>>;
}

/**
 * Accounts for every distinct scheduled task id. A task counts once, by its best outcome
 * (stored, then skipped, then dead-lettered): with at-least-once delivery a task can be
 * dead-lettered by one delivery and stored by a later one, and what matters is that it ended.
 */
export function tallyOf(o: Observations): Tally {
  const scheduled = new Set(o.scheduled);
  const stored = new Set([...o.stored].filter((id) => scheduled.has(id)));
  const skipped = [...o.skipped].filter(([id]) => scheduled.has(id) && !stored.has(id));
  const skippedIds = new Set(skipped.map(([id]) => id));
  const dead = [...o.deadLettered].filter(([id]) => !stored.has(id) && !skippedIds.has(id));
  const deadIds = new Set(dead.map(([id]) => id));
  const lostIds = [...scheduled].filter((id) => !stored.has(id) && !skippedIds.has(id) && !deadIds.has(id));
  return {
    scheduled: scheduled.size,
    stored: stored.size,
    skipped: skipped.length,
    deadLettered: dead.length,
    lost: lostIds.length,
    lostIds: lostIds.sort(),
    skipReasons: countBy(skipped.map(([, reason]) => reason)),
    deadLetterCodes: countBy(dead.map(([, code]) => code)),
  };
}

/** The tally as one readable line, e.g. for the test output. */
export function tallyLine(scenario: string, t: Tally): string {
  return (
    `[tally] ${scenario}: scheduled ${t.scheduled} · stored ${t.stored} · skipped ${t.skipped} · ` +
    `dead-lettered ${t.deadLettered} · lost ${t.lost}` +
    (t.lost > 0 ? ` (${t.lostIds.slice(0, 5).join(', ')}${t.lost > 5 ? ', …' : ''})` : '')
  );
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
