/** The data range one slot's tasks predict, in epoch ms. */
export interface SlotWindow {
  from: number;
  to: number;
}

/**
 * `from = slot − delay`, `to = from + interval`. The original took the wall clock at wake-up
 * instead of the slot; using the slot makes a slot's windows, and so its task ids, the same on
 * every run, retry and backfill.
 */
export function windowForSlot(config: { intervalMs: number; delayMs: number }, slot: number): SlotWindow {
  const from = slot - config.delayMs;
  return { from, to: from + config.intervalMs };
}
