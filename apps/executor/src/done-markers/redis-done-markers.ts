import type { DoneMarkers } from './done-markers';

/** The Redis commands the markers need; node-redis clients satisfy it. */
export interface RedisMarkerCommands {
  exists(key: string): Promise<number>;
  set(key: string, value: string, options: { expiration: { type: 'EX'; value: number } }): Promise<unknown>;
}

export interface RedisDoneMarkersOptions {
  /** e.g. `latigo:done:` (the cache section's key_prefix + `done:`). */
  keyPrefix: string;
  ttlSeconds: number;
  now?: () => number;
}

/** Done markers shared by every executor through Redis: `<prefix><task_id>` = finish time, expiring after the TTL. */
export class RedisDoneMarkers implements DoneMarkers {
  constructor(
    private readonly redis: RedisMarkerCommands,
    private readonly options: RedisDoneMarkersOptions,
  ) {}

  async isDone(taskId: string): Promise<boolean> {
    return (await this.redis.exists(this.options.keyPrefix + taskId)) > 0;
  }

  async markDone(taskId: string): Promise<void> {
    const finished = new Date((this.options.now ?? Date.now)()).toISOString();
    await this.redis.set(this.options.keyPrefix + taskId, finished, {
      expiration: { type: 'EX', value: Math.max(1, Math.round(this.options.ttlSeconds)) },
    });
  }
}
