import type { Clock } from '../time';
import type { LeaseAttempt, LeaseStore, SlotStore } from './ports';

/** The lease in process memory (`cache.type: memory`): one scheduler process, always the leader. */
export class MemoryLeaseStore implements LeaseStore {
  private lease: { owner: string; expiresAt: number } | undefined;

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  async acquire(owner: string, ttlMs: number): Promise<LeaseAttempt> {
    const now = this.clock.now();
    if (this.lease && this.lease.expiresAt > now) {
      return { acquired: false, holder: this.lease.owner, expiresInMs: this.lease.expiresAt - now };
    }
    this.lease = { owner, expiresAt: now + ttlMs };
    return { acquired: true };
  }

  async renew(owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    if (!this.lease || this.lease.owner !== owner || this.lease.expiresAt <= now) return false;
    this.lease.expiresAt = now + ttlMs;
    return true;
  }

  async release(owner: string): Promise<boolean> {
    if (this.lease?.owner !== owner) return false;
    this.lease = undefined;
    return true;
  }
}

/** The last enqueued slot in process memory: forgotten on restart (no catch-up across restarts). */
export class MemorySlotStore implements SlotStore {
  private last: number | undefined;

  async lastDone(): Promise<number | undefined> {
    return this.last;
  }

  async markDone(slot: number): Promise<void> {
    if (this.last === undefined || slot > this.last) this.last = slot;
  }
}
