import type { Clock } from '../time';

interface Sleeper {
  at: number;
  resolve: () => void;
}

/**
 * A clock that moves only when the test says so. `advanceTo` wakes every sleeper in time order
 * and lets the code it woke run (memory adapters settle within a few turns of the event loop)
 * before moving on, so a test can step through hours of slots in milliseconds.
 */
export class FakeClock implements Clock {
  private sleepers: Sleeper[] = [];

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper: Sleeper = {
        at: this.time + Math.max(0, ms),
        resolve: () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          signal?.removeEventListener('abort', sleeper.resolve);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', sleeper.resolve, { once: true });
    });
  }

  /** Moves to `time`, waking sleepers on the way (each at its own time). */
  async advanceTo(time: number): Promise<void> {
    await settle();
    for (;;) {
      const next = this.sleepers.filter((s) => s.at <= time).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.time = Math.max(this.time, next.at);
      next.resolve();
      await settle();
    }
    this.time = Math.max(this.time, time);
    await settle();
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.time + ms);
  }

  /** Jumps without waking anyone first (a wall-clock step); sleepers wake at the next advance. */
  set(time: number): void {
    this.time = time;
  }

  get pendingSleepers(): number {
    return this.sleepers.length;
  }
}

/** Lets promise chains and immediates queued so far run to completion. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
