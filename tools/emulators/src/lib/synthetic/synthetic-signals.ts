import {
  AnomalySchedule,
  type AnomalyEpisode,
  type AnomalyOptions,
  type EpisodeWindow,
} from './anomaly-episodes';
import { between, gaussian, hashInt2, hashString, smoothNoise, unit } from './hashing';
import { tagProfile, type TagProfile } from './tag-profile';

/** Tags that share one underlying process, so a model over them finds real correlations. */
export interface SensorGroupDefinition {
  name: string;
  tags: readonly string[];
  /** Overrides the sample period for this group's tags. */
  samplePeriodMs?: number;
}

/** OPC-style quality codes as the Timeseries API uses them. */
export const STATUS_GOOD = 192;
export const STATUS_QUESTIONABLE = 64;
export const STATUS_BAD = 0;

export interface SyntheticSignalOptions {
  /** Same seed + same tag name → same values on every machine (default 1). */
  seed?: number;
  /** Nominal spacing of samples (default 60 s). Samples sit on multiples of it from the Unix epoch. */
  samplePeriodMs?: number;
  /** Each timestamp moves by up to ± this much (default 1 % of the period, below half a period). */
  jitterMs?: number;
  /** Correlated groups; a tag outside every group belongs to the group named by its text before the first `.`. */
  groups?: readonly SensorGroupDefinition[];
  anomalies?: AnomalyOptions;
  /** Share of samples with status 64 (default 0.002) and 0 (default 0.0005); the rest are 192. */
  statusRates?: { questionable?: number; bad?: number };
}

/** One generated sample. */
export interface SyntheticPoint {
  timeMs: number;
  value: number;
  status: number;
}

/** A timestamp as epoch milliseconds or a Date. */
export type TimeInput = number | Date;

interface GroupParams {
  name: string;
  key: number;
  members: readonly string[] | undefined;
  dailyAmplitude: number;
  dailyPhase: number;
  driftAmplitude: number;
  processAmplitude: number;
  stepChance: number;
  /** The last epoch `level` computed and its value (scans stay in one epoch for days). */
  levelEpoch: number;
  levelValue: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEP_EPOCH_MS = 2 * DAY;

/**
 * Deterministic industrial sensor signals computed on demand for any window, in O(points):
 * a shared latent process per group (daily cycle, slow drift, process wander, occasional level
 * steps) seen by each tag through its own operating point, scale and gain, plus white
 * measurement noise, timestamp jitter, rare non-Good statuses and injected anomaly episodes.
 */
export class SyntheticSignals {
  readonly seed: number;
  readonly samplePeriodMs: number;
  readonly jitterMs: number;
  readonly schedule: AnomalySchedule;
  private readonly groupOfTag = new Map<string, string>();
  private readonly groupDefs = new Map<string, SensorGroupDefinition>();
  private readonly groupCache = new Map<string, GroupParams>();
  private readonly profileCache = new Map<string, TagProfile>();
  private readonly sampleCaches = new Map<string, SampleCache>();
  private readonly questionableRate: number;
  private readonly badRate: number;

  constructor(options: SyntheticSignalOptions = {}) {
    this.seed = options.seed ?? 1;
    this.samplePeriodMs = options.samplePeriodMs ?? MINUTE;
    this.jitterMs = options.jitterMs ?? Math.floor(this.samplePeriodMs / 100);
    this.schedule = new AnomalySchedule(this.seed, options.anomalies);
    this.questionableRate = options.statusRates?.questionable ?? 0.002;
    this.badRate = options.statusRates?.bad ?? 0.0005;
    for (const group of options.groups ?? []) {
      this.groupDefs.set(group.name, group);
      for (const tag of group.tags) if (!this.groupOfTag.has(tag)) this.groupOfTag.set(tag, group.name);
    }
    for (const period of [
      this.samplePeriodMs,
      ...[...this.groupDefs.values()].map((g) => g.samplePeriodMs ?? this.samplePeriodMs),
    ]) {
      if (!(period > 0)) throw new RangeError(`samplePeriodMs must be positive, got ${period}`);
      // Jitter below half a period keeps the samples in order.
      if (!(this.jitterMs >= 0 && this.jitterMs * 2 < period)) {
        throw new RangeError(
          `jitterMs must be in [0, samplePeriodMs / 2), got ${this.jitterMs} for a period of ${period}`,
        );
      }
    }
  }

  /** The correlated group a tag belongs to. */
  groupOf(tag: string): string {
    const configured = this.groupOfTag.get(tag);
    if (configured !== undefined) return configured;
    const dot = tag.indexOf('.');
    return dot > 0 ? tag.slice(0, dot) : tag;
  }

  /** The fixed signal parameters of a tag (unit, operating point, …). */
  profile(tag: string): TagProfile {
    let profile = this.profileCache.get(tag);
    if (!profile) {
      profile = tagProfile(this.seed, tag);
      this.profileCache.set(tag, profile);
    }
    return profile;
  }

  /** The sample period of a tag. */
  periodOf(tag: string): number {
    return this.groupDefs.get(this.groupOf(tag))?.samplePeriodMs ?? this.samplePeriodMs;
  }

  /** Samples of a tag with `from ≤ time < to`, oldest first. */
  points(tag: string, from: TimeInput, to: TimeInput): SyntheticPoint[] {
    return [...this.iterate(tag, from, to)];
  }

  /** Lazily yields samples with `from ≤ time < to`, oldest first; costs O(samples consumed). */
  *iterate(tag: string, from: TimeInput, to: TimeInput): Generator<SyntheticPoint> {
    const [fromMs, toMs] = [epochMs(from), epochMs(to)];
    // The scan starts at `from`; an open end is fine for a consumer that stops early.
    if (!Number.isFinite(fromMs)) throw new RangeError(`iterate needs a finite start, got ${fromMs}`);
    if (!(toMs > fromMs)) return;
    const period = this.periodOf(tag);
    const episodes = this.episodeLookup(tag);
    const [profile, group, cache] = [this.profile(tag), this.group(this.groupOf(tag)), this.sampleCache(tag)];
    for (let i = Math.ceil((fromMs - this.jitterMs) / period); i * period - this.jitterMs < toMs; i += 1) {
      const point = cache.get(i) ?? cache.set(i, this.sample(profile, group, i, period, episodes));
      if (point.timeMs >= fromMs && point.timeMs < toMs) yield point;
    }
  }

  /** Lazily yields samples with `from ≤ time < to`, newest first. */
  *iterateBackward(tag: string, from: TimeInput, to: TimeInput): Generator<SyntheticPoint> {
    const [fromMs, toMs] = [epochMs(from), epochMs(to)];
    if (!Number.isFinite(toMs)) throw new RangeError(`iterateBackward needs a finite end, got ${toMs}`);
    if (!(toMs > fromMs)) return;
    const period = this.periodOf(tag);
    const episodes = this.episodeLookup(tag);
    const [profile, group, cache] = [this.profile(tag), this.group(this.groupOf(tag)), this.sampleCache(tag)];
    for (let i = Math.floor((toMs + this.jitterMs) / period); i * period + this.jitterMs >= fromMs; i -= 1) {
      const point = cache.get(i) ?? cache.set(i, this.sample(profile, group, i, period, episodes));
      if (point.timeMs >= fromMs && point.timeMs < toMs) yield point;
    }
  }

  /** The noise-free value of a tag at any instant (anomalies included). */
  valueAt(tag: string, time: TimeInput): number {
    return this.value(
      this.profile(tag),
      this.group(this.groupOf(tag)),
      epochMs(time),
      this.episodeLookup(tag),
      0,
    );
  }

  /** Anomaly episodes that affect `tag` and overlap [from, to). */
  anomalyEpisodes(tag: string, from: TimeInput, to: TimeInput): AnomalyEpisode[] {
    const group = this.group(this.groupOf(tag));
    return this.schedule
      .episodes(group.name, epochMs(from), epochMs(to))
      .filter((e) => this.schedule.affects(group.name, group.members, e.slot, tag))
      .map((e) => this.describe(group, e, [tag]));
  }

  /** All anomaly episodes of a group overlapping [from, to), with the configured members they affect. */
  groupAnomalyEpisodes(groupName: string, from: TimeInput, to: TimeInput): AnomalyEpisode[] {
    const group = this.group(groupName);
    return this.schedule.episodes(group.name, epochMs(from), epochMs(to)).map((e) =>
      this.describe(
        group,
        e,
        (group.members ?? []).filter((tag) => this.schedule.affects(group.name, group.members, e.slot, tag)),
      ),
    );
  }

  private describe(group: GroupParams, e: EpisodeWindow, tags: string[]): AnomalyEpisode {
    return {
      id: `${group.name}#${e.slot}`,
      group: group.name,
      tags,
      start: new Date(e.startMs),
      end: new Date(e.endMs),
      kind: e.kind,
      magnitude: e.magnitude,
    };
  }

  private sampleCache(tag: string): SampleCache {
    let cache = this.sampleCaches.get(tag);
    if (!cache) {
      cache = new SampleCache();
      this.sampleCaches.set(tag, cache);
    }
    return cache;
  }

  private episodeLookup(tag: string): EpisodeLookup {
    const group = this.group(this.groupOf(tag));
    return new EpisodeLookup(this.schedule, (slot) => {
      const episode = this.schedule.episodeInSlot(group.name, slot);
      return episode && this.schedule.affects(group.name, group.members, slot, tag) ? episode : undefined;
    });
  }

  private group(name: string): GroupParams {
    let params = this.groupCache.get(name);
    if (!params) {
      const key = hashString(name, this.seed ^ 0x5bd1e995);
      const h = (salt: string) => hashString(salt, key);
      params = {
        name,
        key,
        members: this.groupDefs.get(name)?.tags,
        dailyAmplitude: between(h('daily'), 0.6, 1.4),
        dailyPhase: unit(h('phase')),
        driftAmplitude: between(h('drift'), 0.5, 1.2),
        processAmplitude: between(h('process'), 0.2, 0.5),
        stepChance: between(h('steps'), 0.15, 0.3),
        levelEpoch: Number.NaN,
        levelValue: 0,
      };
      this.groupCache.set(name, params);
    }
    return params;
  }

  private sample(
    profile: TagProfile,
    group: GroupParams,
    index: number,
    period: number,
    episodes: EpisodeLookup,
  ): SyntheticPoint {
    const jitter =
      this.jitterMs === 0 ? 0 : Math.round((unit(hashInt2(profile.key, index, 1)) * 2 - 1) * this.jitterMs);
    const timeMs = index * period + jitter;
    const noise = gaussian(hashInt2(profile.key, index, 2), hashInt2(profile.key, index, 3));
    const value = this.value(profile, group, timeMs, episodes, noise);
    const draw = unit(hashInt2(profile.key, index, 4));
    const status =
      draw < this.badRate
        ? STATUS_BAD
        : draw < this.badRate + this.questionableRate
          ? STATUS_QUESTIONABLE
          : STATUS_GOOD;
    return { timeMs, value, status };
  }

  private value(
    profile: TagProfile,
    group: GroupParams,
    timeMs: number,
    episodes: EpisodeLookup,
    noise: number,
  ): number {
    const raw =
      profile.base +
      profile.scale *
        (profile.gain * this.latent(group, timeMs) +
          profile.ownWander * smoothNoise(profile.key, timeMs / (3 * HOUR)) +
          episodes.deviation(timeMs)) +
      profile.noise * noise;
    // Seven significant digits, like a historian's float32 values; toPrecision is exact everywhere.
    return Number(raw.toPrecision(7));
  }

  /** The group's shared process, roughly unit scale. */
  private latent(group: GroupParams, timeMs: number): number {
    const daily = group.dailyAmplitude * Math.sin(2 * Math.PI * (timeMs / DAY + group.dailyPhase));
    const drift = group.driftAmplitude * smoothNoise(group.key ^ 0x1d, timeMs / (9 * DAY));
    const wander = group.processAmplitude * smoothNoise(group.key ^ 0x2e, timeMs / (40 * MINUTE));
    const epoch = Math.floor(timeMs / STEP_EPOCH_MS);
    if (epoch !== group.levelEpoch) {
      group.levelValue = this.level(group, epoch);
      group.levelEpoch = epoch;
    }
    return daily + drift + wander + group.levelValue;
  }

  /** Piecewise-constant operating level: most epochs sit at 0, some step up or down. */
  private level(group: GroupParams, epoch: number): number {
    if (unit(hashInt2(group.key, epoch, 11)) >= group.stepChance) return 0;
    const sign = unit(hashInt2(group.key, epoch, 12)) < 0.5 ? -1 : 1;
    return sign * between(hashInt2(group.key, epoch, 13), 0.8, 2);
  }
}

/**
 * Samples of one tag computed before, by sample index, in a direct-mapped table: clients read
 * sliding windows (each prediction re-reads most of the previous one's samples), and computing a
 * sample costs more than looking it up. Bounded (a few KB per tag); a sample is a pure function
 * of (seed, tag, index), so a hit is exactly what computing it again would give.
 */
class SampleCache {
  static readonly SIZE = 256;
  private readonly index = new Float64Array(SampleCache.SIZE).fill(Number.NaN);
  private readonly time = new Float64Array(SampleCache.SIZE);
  private readonly value = new Float64Array(SampleCache.SIZE);
  private readonly status = new Int32Array(SampleCache.SIZE);

  get(i: number): SyntheticPoint | undefined {
    const slot = SampleCache.slot(i);
    if (this.index[slot] !== i) return undefined;
    return {
      timeMs: this.time[slot] as number,
      value: this.value[slot] as number,
      status: this.status[slot] as number,
    };
  }

  set(i: number, point: SyntheticPoint): SyntheticPoint {
    const slot = SampleCache.slot(i);
    this.index[slot] = i;
    this.time[slot] = point.timeMs;
    this.value[slot] = point.value;
    this.status[slot] = point.status;
    return point;
  }

  private static slot(i: number): number {
    const size = SampleCache.SIZE;
    return ((i % size) + size) % size;
  }
}

/**
 * The deviation of one tag at a time. Episodes stay inside their slot, so only the slot of the
 * time matters; remembering the last slot makes a scan in either direction O(1) per point.
 */
class EpisodeLookup {
  private slot = Number.NaN;
  private episode: EpisodeWindow | undefined;

  constructor(
    private readonly schedule: AnomalySchedule,
    private readonly episodeOf: (slot: number) => EpisodeWindow | undefined,
  ) {}

  deviation(timeMs: number): number {
    const slot = Math.floor(timeMs / this.schedule.slotMs);
    if (slot !== this.slot) {
      this.slot = slot;
      this.episode = this.episodeOf(slot);
    }
    return this.episode ? AnomalySchedule.deviation(this.episode, timeMs) : 0;
  }
}

function epochMs(time: TimeInput): number {
  return typeof time === 'number' ? time : time.getTime();
}
