import { PartitionTracker } from './partition-tracker';

describe('PartitionTracker', () => {
  const tracker = (...offsets: number[]) => {
    const t = new PartitionTracker('tasks', 0);
    for (const o of offsets) t.add(BigInt(o));
    return t;
  };

  it('commits only the contiguous prefix of finished offsets', () => {
    const t = tracker(5, 6, 7, 8);
    expect(t.commitPoint()).toBeUndefined();
    t.finish(7n);
    t.finish(8n);
    expect(t.commitPoint()).toBeUndefined(); // 5 and 6 still run: committing 9 would skip them after a crash
    t.finish(5n);
    expect(t.commitPoint()).toBe(6n);
    t.finish(6n);
    expect(t.commitPoint()).toBe(9n);
  });

  it('jumps over offsets it never saw (control records, compaction)', () => {
    const t = tracker(5, 9);
    t.finish(5n);
    expect(t.commitPoint()).toBe(9n);
    t.finish(9n);
    expect(t.commitPoint()).toBe(10n);
  });

  it('recognises a re-fetch of offsets it holds or finished as duplicates', () => {
    const t = tracker(5, 6, 7);
    t.finish(5n);
    expect(t.add(5n)).toBe(false);
    expect(t.add(6n)).toBe(false);
    expect(t.add(8n)).toBe(true);
    expect(t.unfinished).toBe(3);
  });

  it('takes an offset below everything it saw as new work', () => {
    const t = tracker(5, 6);
    t.finish(5n);
    expect(t.add(3n)).toBe(true);
    expect(t.commitPoint()).toBe(3n);
    t.finish(3n);
    expect(t.commitPoint()).toBe(6n);
  });

  it('needs a commit only when the point is ahead of the committed one', () => {
    const t = tracker(0, 1);
    t.finish(0n);
    expect(t.needsCommit()).toBe(true);
    t.committed = 1n;
    expect(t.needsCommit()).toBe(false);
  });
});
