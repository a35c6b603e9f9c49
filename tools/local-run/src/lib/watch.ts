import { setTimeout as sleep } from 'node:timers/promises';
import type { Pipeline } from './pipeline';
import { enqueueText, type Progress, type ProgressState } from './progress';
import type { RunEvents } from './run-events';
import { accountedFor, finished, type Tally, type TallySnapshot } from './tally';

const POLL_MS = 200;

/** How watching ended: every task has an outcome, Ctrl-C, or an app stopped by itself. */
export type WatchOutcome = 'done' | 'interrupted' | 'failed';

/**
 * Refreshes the progress a few times a second until the catch-up is enqueued and every task has
 * an outcome (with `follow`: until Ctrl-C), pointing at the logs when an app logs an error.
 */
export async function watchRun(
  pipeline: Pipeline,
  tally: Tally,
  events: RunEvents,
  progress: Progress,
  options: { expectedSlots: number; follow: boolean; signal: AbortSignal; logDir: string },
): Promise<WatchOutcome> {
  let failed: string | undefined;
  void pipeline.anyStopping.then((app) => {
    failed = app;
  });
  progress.begin('enqueue', 'catch-up');
  progress.begin('execute', 'waiting for tasks');
  let enqueueOpen = true;
  let errorsShown = 0;
  const shown = new Set<string>();
  for (;;) {
    const snapshot = await tally.snapshot();
    const expected = events.catchUpDone
      ? events.slots.length
      : Math.max(options.expectedSlots, events.slots.length);
    const current = progressState(snapshot, events, expected);
    progress.update(current);
    if (enqueueOpen && events.catchUpDone) {
      enqueueOpen = false;
      progress.end('enqueue', enqueueText(current));
    }
    if (events.errors.length > errorsShown) {
      // One line per kind of error: the troubled models fail the same way in every slot.
      for (const error of new Set(events.errors.slice(errorsShown)))
        if (!shown.has(error)) progress.note(`! ${error} (more in ${options.logDir})`);
      for (const error of events.errors) shown.add(error);
      errorsShown = events.errors.length;
    }
    if (failed) {
      progress.note(`! ${failed} stopped by itself; see ${options.logDir}`);
      return 'failed';
    }
    if (options.signal.aborted) return 'interrupted';
    if (!options.follow && events.catchUpDone && accountedFor(snapshot)) return 'done';
    await sleep(POLL_MS, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

/** The progress figures now; the rate counts from the first slot enqueued. */
export function progressState(tally: TallySnapshot, events: RunEvents, expectedSlots: number): ProgressState {
  const first = Math.min(...events.slots.map((s) => s.at));
  const seconds = Number.isFinite(first) ? (Date.now() - first) / 1000 : 0;
  const rate = seconds > 0 ? finished(tally) / seconds : 0;
  const remaining = tally.enqueued - finished(tally);
  return {
    tally,
    slots: events.slots.length,
    expectedSlots,
    rate,
    etaSeconds: rate > 0 ? remaining / rate : undefined,
  };
}

/** Polls `check` until it holds or `signal` aborts. */
export async function waitUntil(check: () => Promise<boolean>, signal: AbortSignal): Promise<void> {
  while (!signal.aborted && !(await check()))
    await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
}
