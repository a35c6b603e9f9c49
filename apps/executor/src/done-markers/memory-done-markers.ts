import type { DoneMarkers } from './done-markers';

export interface MemoryDoneMarkersOptions {
  ttlMs: number;
  /** Oldest markers are dropped beyond this (default 100,000). */
  maxEntries?: number;
  now?: () => number;
}

/** Done markers in process memory: for one process (`cache.type: memory`). */
export class MemoryDoneMarkers implements DoneMarkers {
  private readonly expiries = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: MemoryDoneMarkersOptions) {
    this.now = options.now ?? Date.now;
  }

  async isDone(taskId: string): Promise<boolean> {
    const expires = this.expiries.get(taskId);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.expiries.delete(taskId);
    return false;
  }

  async markDone(taskId: string): Promise<void> {
    this.expiries.delete(taskId); // re-insert at the end: Map order is the eviction order
    this.expiries.set(taskId, this.now() + this.options.ttlMs);
    if (this.expiries.size > (this.options.maxEntries ?? 100_000))
      this.expiries.delete(this.expiries.keys().next().value as string);
  }
}
