import type { LeaseAttempt, LeaseStore, SlotStore } from './ports';
import { SchedulerStateError } from './errors';

/** The commands the Redis adapters use; a node-redis 5/6 client satisfies it. */
export interface RedisCommands {
  set(
    key: string,
    value: string,
    options: { condition: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  get(key: string): Promise<unknown>;
  pTTL(key: string): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** The Redis keys of one scheduler (`cache.key_prefix` + `scheduler:<name>:`). */
export function schedulerKeys(prefix: string, name: string): { lease: string; lastSlot: string } {
  return { lease: `${prefix}scheduler:${name}:leader`, lastSlot: `${prefix}scheduler:${name}:last-slot` };
}

// Compare-and-set: only the holder may extend or drop the lease, so a leader that stalled past
// its TTL cannot extend or delete the lease its successor now holds.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
// Only forward: a leader that lost the lease mid-slot must not move the record back.
const MARK_DONE = `local current = tonumber(redis.call('GET', KEYS[1]))
if current == nil or tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) return 1 end
return 0`;

/** The leader lease as one Redis key: SET NX PX to take it, Lua compare-and-set to renew or release it. */
export class RedisLeaseStore implements LeaseStore {
  constructor(
    private readonly redis: RedisCommands,
    private readonly key: string,
  ) {}

  async acquire(owner: string, ttlMs: number): Promise<LeaseAttempt> {
    const reply = await this.redis.set(this.key, owner, {
      condition: 'NX',
      expiration: { type: 'PX', value: ttlMs },
    });
    if (reply === 'OK') return { acquired: true };
    const [holder, pttl] = await Promise.all([this.redis.get(this.key), this.redis.pTTL(this.key)]);
    return {
      acquired: false,
      ...(typeof holder === 'string' ? { holder } : {}),
      // -2: gone meanwhile (try again at once); -1 cannot happen for a key we always SET with PX.
      ...(typeof pttl === 'number' ? { expiresInMs: Math.max(0, pttl) } : {}),
    };
  }

  async renew(owner: string, ttlMs: number): Promise<boolean> {
    return (
      Number(await this.redis.eval(RENEW, { keys: [this.key], arguments: [owner, String(ttlMs)] })) === 1
    );
  }

  async release(owner: string): Promise<boolean> {
    return Number(await this.redis.eval(RELEASE, { keys: [this.key], arguments: [owner] })) === 1;
  }
}

/** The last enqueued slot as epoch milliseconds (an integer string) in one Redis key, no TTL. */
export class RedisSlotStore implements SlotStore {
  constructor(
    private readonly redis: RedisCommands,
    private readonly key: string,
  ) {}

  async lastDone(): Promise<number | undefined> {
    const value = await this.redis.get(this.key);
    if (value === null || value === undefined) return undefined;
    const slot = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(slot)) {
      throw new SchedulerStateError(
        'SCHEDULER_STATE_INVALID',
        `${this.key} holds ${JSON.stringify(String(value)).slice(0, 60)}, not epoch milliseconds; delete it to start afresh`,
        { key: this.key },
      );
    }
    return slot;
  }

  async markDone(slot: number): Promise<void> {
    await this.redis.eval(MARK_DONE, { keys: [this.key], arguments: [String(slot)] });
  }
}
