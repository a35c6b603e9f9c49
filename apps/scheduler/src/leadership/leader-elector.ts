import { noopLogger, type Logger } from '@latigo/observability';
import { messageOf } from '../discovery';
import type { LeaseStore } from '../state';
import type { Clock } from '../time';

/** What the slot loop needs to know about leadership. */
export interface Leadership {
  /** True while this process holds a lease that has surely not expired yet. */
  isLeader(): boolean;
  /** Called with the new state on every change; returns a function that unsubscribes. */
  onChange(listener: (leader: boolean) => void): () => void;
}

export interface LeaderElectorOptions {
  store: LeaseStore;
  /** Unique per process, e.g. `<host>-<pid>-<random>`. */
  owner: string;
  ttlMs: number;
  clock: Clock;
  logger?: Logger;
}

/**
 * Keeps this process the leader, or ready to become it: the leader renews its lease every third
 * of the TTL; a standby tries again when the holder's lease expires (it asks Redis how long is
 * left), so it takes over at most one TTL after the leader stops renewing. A leader that cannot
 * renew counts itself leader only until 90% of the TTL since its last successful renewal, so it
 * steps down before another process can take the lease.
 */
export class LeaderElector implements Leadership {
  private readonly logger: Logger;
  private readonly listeners = new Set<(leader: boolean) => void>();
  private leader = false;
  private validUntil = 0;
  private lastHolder: string | undefined;
  private storeDown = false;

  constructor(private readonly options: LeaderElectorOptions) {
    this.logger = (options.logger ?? noopLogger).child({
      component: 'leader-election',
      owner: options.owner,
    });
  }

  get owner(): string {
    return this.options.owner;
  }

  get renewEveryMs(): number {
    return Math.max(1, Math.floor(this.options.ttlMs / 3));
  }

  isLeader(): boolean {
    return this.leader && this.options.clock.now() < this.validUntil;
  }

  onChange(listener: (leader: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Campaigns and renews until `signal` aborts, then releases the lease if held. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const waitMs = await this.tick();
      await this.options.clock.sleep(waitMs, signal);
    }
    await this.release();
  }

  /** One step: renew, or try to acquire. Returns how long to wait before the next one. */
  async tick(): Promise<number> {
    const { clock } = this.options;
    const startedAt = clock.now();
    if (this.leader && startedAt >= this.validUntil)
      this.setLeader(false, 'the lease could not be renewed in time');
    try {
      const waitMs = await this.step(startedAt);
      if (this.storeDown) this.logger.info('lease store reachable again');
      this.storeDown = false;
      return waitMs;
    } catch (error) {
      // Once per outage: the tick repeats every few seconds while Redis is down.
      if (!this.storeDown)
        this.logger.warn('lease store unreachable', { error: messageOf(error), leader: this.leader });
      this.storeDown = true;
      const untilInvalid = this.leader ? this.validUntil - clock.now() : this.renewEveryMs;
      return Math.max(0, Math.min(this.renewEveryMs, untilInvalid));
    }
  }

  /** Renews as the leader, or tries to acquire as a standby; returns the wait until the next step. */
  private async step(startedAt: number): Promise<number> {
    const { store, owner, ttlMs } = this.options;
    if (this.leader) {
      if (await store.renew(owner, ttlMs)) {
        this.validUntil = startedAt + Math.floor(ttlMs * 0.9);
        return this.renewEveryMs;
      }
      this.setLeader(false, 'another scheduler holds the lease');
      return 0;
    }
    const attempt = await store.acquire(owner, ttlMs);
    // Our own lease survived a spell without Redis: keep it rather than wait for it to expire.
    const ours = !attempt.acquired && attempt.holder === owner && (await store.renew(owner, ttlMs));
    if (attempt.acquired || ours) {
      this.validUntil = startedAt + Math.floor(ttlMs * 0.9);
      this.setLeader(true, 'lease acquired');
      return this.renewEveryMs;
    }
    if (attempt.holder !== this.lastHolder) {
      this.lastHolder = attempt.holder;
      this.logger.info('standing by: another scheduler is the leader', {
        holder: attempt.holder,
        expiresInMs: attempt.expiresInMs,
      });
    }
    // Wake just after the holder's lease would expire; renewals push that back each time.
    return Math.min(this.renewEveryMs, (attempt.expiresInMs ?? this.renewEveryMs) + 1);
  }

  /** Gives the lease up (on shutdown), so a standby can take over at once. */
  async release(): Promise<void> {
    if (!this.leader) return;
    this.setLeader(false, 'shutting down');
    try {
      await this.options.store.release(this.options.owner);
    } catch (error) {
      this.logger.warn('could not release the lease; it expires by itself', { error });
    }
  }

  private setLeader(leader: boolean, reason: string): void {
    if (leader === this.leader) return;
    this.leader = leader;
    if (leader) {
      this.lastHolder = undefined;
      this.logger.info('became the leader', { reason, ttlMs: this.options.ttlMs });
    } else if (reason === 'shutting down') {
      this.logger.info('leader lease released', { reason });
    } else {
      this.logger.warn('no longer the leader', { reason });
    }
    for (const listener of this.listeners) listener(leader);
  }
}
