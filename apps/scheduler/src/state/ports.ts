/** The outcome of trying to take the leader lease. */
export type LeaseAttempt =
  | { readonly acquired: true }
  | {
      readonly acquired: false;
      /** Who holds it, when known. */
      readonly holder?: string;
      /** How long until it expires unless renewed, when known. */
      readonly expiresInMs?: number;
    };

/** One lease (one key): at most one owner at a time, lost when not renewed within its TTL. */
export interface LeaseStore {
  /** Takes the lease if nobody holds it (SET NX PX). */
  acquire(owner: string, ttlMs: number): Promise<LeaseAttempt>;
  /** Extends the lease if `owner` still holds it; false when it was lost. */
  renew(owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it, so a standby need not wait for it to expire. */
  release(owner: string): Promise<boolean>;
}

/** The last slot whose tasks were all acknowledged by the broker. */
export interface SlotStore {
  /** Epoch ms of that slot; undefined before the first one. */
  lastDone(): Promise<number | undefined>;
  /** Records `slot` unless a later slot is recorded already (so the record never goes back). */
  markDone(slot: number): Promise<void>;
}
