/**
 * Offsets of one partition that this consumer fetched, and which of them are finished. The commit
 * point is the first unfinished offset (everything before it is done), never beyond: a crash
 * therefore redelivers every unfinished task and skips none.
 */
export class PartitionTracker {
  /** Fetched offsets not yet behind the commit point, ascending. */
  private readonly open: bigint[] = [];
  private readonly finished = new Set<bigint>();
  /** Every offset below this one is finished; undefined until the first offset finishes. */
  private floor: bigint | undefined;
  /** The lowest offset ever tracked. */
  private lowest: bigint | undefined;
  /** The last commit point the broker acknowledged. */
  committed: bigint | undefined;
  /** Set when the partition was taken away (rebalance): its completions no longer commit. */
  revoked = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  /**
   * Starts tracking `offset`; false when it is a duplicate (already fetched, or finished). An offset
   * below everything seen so far is taken as new: a duplicate run is harmless, a skipped one is not.
   */
  add(offset: bigint): boolean {
    if (
      this.lowest !== undefined &&
      offset >= this.lowest &&
      this.floor !== undefined &&
      offset < this.floor
    ) {
      return false;
    }
    if (this.lowest === undefined || offset < this.lowest) this.lowest = offset;
    const last = this.open[this.open.length - 1];
    if (last === undefined || offset > last) {
      this.open.push(offset);
    } else {
      // A re-fetch after a rebalance can hand back offsets we hold: keep the list sorted, once each.
      const at = lowerBound(this.open, offset);
      if (this.open[at] === offset) return false;
      this.open.splice(at, 0, offset);
    }
    return true;
  }

  /** Marks `offset` finished; returns true when the commit point moved. */
  finish(offset: bigint): boolean {
    this.finished.add(offset);
    let moved = false;
    while (this.open.length > 0 && this.finished.has(this.open[0] as bigint)) {
      const head = this.open.shift() as bigint;
      this.finished.delete(head);
      if (this.floor === undefined || head + 1n > this.floor) this.floor = head + 1n;
      moved = true;
    }
    return moved;
  }

  /**
   * The offset to commit (the next one to read): the first unfinished offset, or one past the last
   * finished; undefined while nothing has finished.
   */
  commitPoint(): bigint | undefined {
    if (this.floor === undefined) return undefined;
    return this.open.length > 0 ? this.open[0] : this.floor;
  }

  /** Whether the commit point is ahead of what the broker has. */
  needsCommit(): boolean {
    const point = this.commitPoint();
    return point !== undefined && (this.committed === undefined || point > this.committed);
  }

  /** Offsets fetched and not yet finished. */
  get unfinished(): number {
    return this.open.length - this.finished.size;
  }
}

function lowerBound(sorted: readonly bigint[], value: bigint): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as bigint) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
