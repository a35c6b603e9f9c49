import { between, hashInts, hashString, unit } from './hashing';

/** How an episode distorts the affected tags (the group's other tags stay normal). */
export type AnomalyKind = 'offset' | 'ramp' | 'oscillation';

/** An injected anomaly: a window in which some tags of a group stop following the group. */
export interface AnomalyEpisode {
  /** Stable identifier: `<group>#<slot>`. */
  id: string;
  group: string;
  /** The tags that deviate; empty for groups whose members are not configured (see `affects`). */
  tags: string[];
  start: Date;
  /** Exclusive end. */
  end: Date;
  kind: AnomalyKind;
  /** Peak deviation in multiples of each tag's `scale` (signed). */
  magnitude: number;
}

/** When and how strongly anomalies are injected. */
export interface AnomalyOptions {
  /** Episodes are drawn per slot of this length (default 3 days); at most one per slot per group. */
  slotMs?: number;
  /** Chance that a slot holds an episode (default 0.5); 0 disables anomalies. */
  probability?: number;
  /** Duration range (defaults 2 h to 10 h; capped at half a slot). */
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Magnitude range in multiples of a tag's scale (defaults 3 to 6). */
  minMagnitude?: number;
  maxMagnitude?: number;
  /** Share of a group's tags an episode affects (default 0.4; at least one of a configured group). */
  affectedShare?: number;
}

const HOUR = 3_600_000;
const KINDS: AnomalyKind[] = ['offset', 'ramp', 'oscillation'];

/** One episode as the generator uses it (numbers, no Date objects on the hot path). */
export interface EpisodeWindow {
  slot: number;
  startMs: number;
  endMs: number;
  kind: AnomalyKind;
  magnitude: number;
}

/** Draws a group's episodes slot by slot: O(slots in the window), nothing pre-generated. */
export class AnomalySchedule {
  readonly slotMs: number;
  private readonly probability: number;
  private readonly minDurationMs: number;
  private readonly maxDurationMs: number;
  private readonly minMagnitude: number;
  private readonly maxMagnitude: number;
  private readonly affectedShare: number;

  constructor(
    private readonly seed: number,
    options: AnomalyOptions = {},
  ) {
    this.slotMs = options.slotMs ?? 72 * HOUR;
    this.probability = options.probability ?? 0.5;
    this.maxDurationMs = Math.min(options.maxDurationMs ?? 10 * HOUR, this.slotMs / 2);
    this.minDurationMs = Math.min(options.minDurationMs ?? 2 * HOUR, this.maxDurationMs);
    this.minMagnitude = options.minMagnitude ?? 3;
    this.maxMagnitude = options.maxMagnitude ?? 6;
    this.affectedShare = options.affectedShare ?? 0.4;
    if (!(this.slotMs > 0)) throw new RangeError(`anomalies.slotMs must be positive, got ${this.slotMs}`);
  }

  /** The episode of one slot, if the slot has one. */
  episodeInSlot(group: string, slot: number): EpisodeWindow | undefined {
    const key = hashString(group, this.seed);
    if (unit(hashInts(key, slot, 1)) >= this.probability) return undefined;
    const durationMs = Math.round(between(hashInts(key, slot, 2), this.minDurationMs, this.maxDurationMs));
    // The episode stays inside its slot, so a window only needs the slots it overlaps.
    const startMs =
      slot * this.slotMs + Math.round(unit(hashInts(key, slot, 3)) * (this.slotMs - durationMs));
    const sign = unit(hashInts(key, slot, 4)) < 0.5 ? -1 : 1;
    return {
      slot,
      startMs,
      endMs: startMs + durationMs,
      kind: KINDS[Math.floor(unit(hashInts(key, slot, 5)) * KINDS.length)] ?? 'offset',
      magnitude: sign * between(hashInts(key, slot, 6), this.minMagnitude, this.maxMagnitude),
    };
  }

  /** Episodes of a group overlapping [fromMs, toMs). */
  episodes(group: string, fromMs: number, toMs: number): EpisodeWindow[] {
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs))
      throw new RangeError(`anomaly episodes need a finite window, got [${fromMs}, ${toMs})`);
    const found: EpisodeWindow[] = [];
    for (let slot = Math.floor(fromMs / this.slotMs); slot * this.slotMs < toMs; slot += 1) {
      const episode = this.episodeInSlot(group, slot);
      if (episode && episode.endMs > fromMs && episode.startMs < toMs) found.push(episode);
    }
    return found;
  }

  /**
   * Whether an episode affects a tag. In a configured group one member (chosen per slot) is
   * always affected, so every episode shows somewhere; other members by a per-tag draw.
   */
  affects(group: string, members: readonly string[] | undefined, slot: number, tag: string): boolean {
    const key = hashString(group, this.seed);
    if (members && members.length > 0) {
      const lead = members[Math.floor(unit(hashInts(key, slot, 7)) * members.length)];
      if (lead === tag) return true;
    }
    return unit(hashInts(hashString(tag, key), slot, 8)) < this.affectedShare;
  }

  /** The deviation an episode adds at `timeMs`, in multiples of the tag's scale. */
  static deviation(episode: EpisodeWindow, timeMs: number): number {
    if (timeMs < episode.startMs || timeMs >= episode.endMs) return 0;
    const progress = (timeMs - episode.startMs) / (episode.endMs - episode.startMs);
    switch (episode.kind) {
      case 'offset':
        return episode.magnitude;
      case 'ramp':
        return episode.magnitude * progress;
      case 'oscillation':
        return episode.magnitude * Math.sin((2 * Math.PI * (timeMs - episode.startMs)) / (20 * 60_000));
    }
  }
}
