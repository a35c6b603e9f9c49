import type { SyntheticSignals } from '../synthetic/synthetic-signals';
import { ApiError, badRequest, notFound } from './api-error';
import { deterministicUuid } from './ids';
import { PointBuffer, type StoredPoint } from './point-buffer';
import { sameText, type NameMatching } from './series-filter';
import type { SeriesFields, SeriesRecord } from './series-model';
import { formatDataTime, toMicros } from './time-parsing';
import type { VersionTraits } from './versions';

export interface SeriesStoreOptions {
  /** Seeds series ids, so the same configuration gives the same ids on every run. */
  seed: number;
  signals: SyntheticSignals;
  /** Synthetic series have data from this time (epoch ms) … */
  syntheticStartMs: number;
  /** … up to the current time of this clock (epoch ms). */
  now: () => number;
  nameMatching: NameMatching;
  /** When set, a facility outside this list is refused with 400 "Facility not found.". */
  knownFacilities?: readonly string[];
}

/** A datapoint as tests read it back. */
export interface PointView {
  time: string;
  value: number;
  status: number;
}

/** A half-open window [from, to) in epoch µs; either end may be infinite. */
export interface Window {
  from: number;
  to: number;
}

/**
 * Every series and its datapoints, shared by all API versions. A series backed by a synthetic
 * tag answers the generated signal merged with what clients wrote (a written point wins at the
 * same time); deletes of synthetic data are remembered as windows the signal no longer shows.
 */
export class SeriesStore {
  private readonly records = new Map<string, SeriesRecord>();
  /**
   * Ids by name key (lower case when names match case-insensitively): a lookup by name reads its
   * few candidates instead of comparing every series, which made finding or creating a fleet's
   * series quadratic (10,000 series in the benchmark's cold phase).
   */
  private readonly byName = new Map<string, Set<string>>();
  /** Creation order of each id, to answer candidates in the order of `all()`. */
  private readonly order = new Map<string, number>();
  private nextOrder = 0;
  private readonly written = new Map<string, PointBuffer>();
  private readonly deleted = new Map<string, Window[]>();
  private created = 0;

  constructor(private readonly options: SeriesStoreOptions) {}

  /** Registers a series whose datapoints come from the synthetic signal of `tag`. */
  registerSynthetic(tag: string, facility: string, extra: Partial<SeriesFields> = {}): SeriesRecord {
    const existing = this.withName(tag).find((r) => r.name === tag && r.facility === facility);
    if (existing) return existing;
    const profile = this.options.signals.profile(tag);
    const record: SeriesRecord = {
      id: deterministicUuid(this.options.seed, `synthetic/${facility}/${tag}`),
      name: tag,
      description: `Synthetic ${profile.kind} sensor ${tag}`,
      step: false,
      unit: profile.unit,
      standardUnit: profile.unit,
      assetId: null,
      facility,
      externalId: null,
      source: 'IMS',
      metadata: null,
      createdTime: this.options.syntheticStartMs,
      changedTime: this.options.syntheticStartMs,
      syntheticTag: tag,
      ...extra,
    };
    this.insert(record);
    return record;
  }

  /** All series in creation order. */
  all(): SeriesRecord[] {
    return [...this.records.values()];
  }

  get(id: string): SeriesRecord | undefined {
    return this.records.get(id.toLowerCase());
  }

  /** The series, or a 404 in the API's words. */
  require(id: string): SeriesRecord {
    const record = this.get(id);
    if (!record) throw notFound(`Timeseries with id '${id}' was not found.`);
    return record;
  }

  /** Series whose name matches `name` (under the store's name matching), in creation order. */
  withName(name: string): SeriesRecord[] {
    const ids = this.byName.get(this.nameKey(name));
    if (!ids) return [];
    return [...ids]
      .sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0))
      .map((id) => this.records.get(id) as SeriesRecord);
  }

  /** Series with this name (and facility, when given). */
  findByName(name: string, facility?: string): SeriesRecord[] {
    return this.withName(name).filter(
      (r) => facility === undefined || sameText(r.facility, facility, this.options.nameMatching),
    );
  }

  /** Creates a series; 409 when the version's uniqueness key is taken, 400 for an unknown facility. */
  create(fields: SeriesFields, traits: VersionTraits): SeriesRecord {
    this.checkFacility(fields.facility);
    const candidate: SeriesRecord = { ...blankRecord('', fields.name ?? '', this.options.now()), ...fields };
    this.checkUnique(candidate, traits);
    // Ids count successful creates only, so refused requests do not shift later ids.
    this.created += 1;
    const record = { ...candidate, id: deterministicUuid(this.options.seed, `created/${this.created}`) };
    this.insert(record);
    return record;
  }

  /** PATCH (only the given fields change) or PUT (every field is replaced). */
  update(id: string, fields: SeriesFields, mode: 'patch' | 'replace', traits: VersionTraits): SeriesRecord {
    const current = this.require(id);
    this.checkFacility(fields.facility);
    const base =
      mode === 'patch'
        ? current
        : {
            ...blankRecord(current.id, current.name, current.createdTime),
            syntheticTag: current.syntheticTag,
          };
    const next: SeriesRecord = { ...base, ...fields, changedTime: this.options.now() };
    if (next.syntheticTag === undefined) delete next.syntheticTag;
    this.checkUnique(next, traits);
    this.unindex(current);
    this.records.set(current.id, next);
    this.index(next);
    return next;
  }

  /** Removes a series and its data. */
  delete(id: string): void {
    const record = this.require(id);
    this.unindex(record);
    this.records.delete(record.id);
    this.order.delete(record.id);
    this.written.delete(record.id);
    this.deleted.delete(record.id);
  }

  /** Upserts datapoints by time. */
  write(id: string, points: readonly StoredPoint[]): void {
    const record = this.require(id);
    let buffer = this.written.get(record.id);
    if (!buffer) {
      buffer = new PointBuffer();
      this.written.set(record.id, buffer);
    }
    buffer.upsert(points);
  }

  /** Hard-deletes datapoints with `from ≤ t < to` (written ones, and the synthetic signal there). */
  deleteData(id: string, window: Window): void {
    const record = this.require(id);
    this.written.get(record.id)?.deleteRange(window.from, window.to);
    if (record.syntheticTag !== undefined)
      this.deleted.set(record.id, [...(this.deleted.get(record.id) ?? []), window]);
  }

  /** Datapoints in [from, to) in time order, or newest first when `backward`; lazy, O(points consumed). */
  *iterate(id: string, window: Window, backward = false): Generator<StoredPoint> {
    const record = this.require(id);
    const written = this.writtenIn(record.id, window, backward);
    const synthetic = this.syntheticIn(record, window, backward);
    const before = backward ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
    let w = written.next();
    let s = synthetic.next();
    while (!w.done || !s.done) {
      if (!w.done && (s.done || !before(s.value.t, w.value.t))) {
        // A written point replaces a synthetic one at the same time.
        if (!s.done && s.value.t === w.value.t) s = synthetic.next();
        yield w.value;
        w = written.next();
      } else if (!s.done) {
        yield s.value;
        s = synthetic.next();
      }
    }
  }

  /** Test helper: the datapoints a read of [from, to) would see, with API-formatted times. */
  points(
    id: string,
    from: number | Date | string = -Infinity,
    to: number | Date | string = Infinity,
  ): PointView[] {
    const window = {
      from: from === -Infinity ? -Infinity : toMicros(from),
      to: to === Infinity ? Infinity : toMicros(to),
    };
    return [...this.iterate(id, window)].map((p) => ({
      time: formatDataTime(p.t),
      value: p.value,
      status: p.status,
    }));
  }

  private *writtenIn(id: string, window: Window, backward: boolean): Generator<StoredPoint> {
    const buffer = this.written.get(id);
    if (!buffer) return;
    const start = buffer.lowerBound(window.from);
    const end = buffer.lowerBound(window.to);
    for (let k = 0; k < end - start; k += 1) {
      const point = buffer.at(backward ? end - 1 - k : start + k);
      if (point) yield point;
    }
  }

  /**
   * The first `count` points of {@link iterate} that pass `keep`. Reads of series nobody wrote to
   * in the window (most reads) skip the merge and its generators, which cost more than the points.
   */
  take(
    id: string,
    window: Window,
    count: number,
    keep: (p: StoredPoint) => boolean,
    backward = false,
  ): StoredPoint[] {
    const out: StoredPoint[] = [];
    if (count <= 0) return out;
    const record = this.require(id);
    const buffer = this.written.get(record.id);
    const written = buffer !== undefined && buffer.lowerBound(window.from) < buffer.lowerBound(window.to);
    const points = written ? this.iterate(id, window, backward) : this.syntheticIn(record, window, backward);
    for (const p of points) {
      if (!keep(p)) continue;
      out.push(p);
      if (out.length >= count) break;
    }
    return out;
  }

  private *syntheticIn(record: SeriesRecord, window: Window, backward: boolean): Generator<StoredPoint> {
    if (record.syntheticTag === undefined) return;
    // Synthetic samples sit on whole milliseconds, from the configured start up to now.
    const fromMs = Math.max(Math.ceil(window.from / 1000), this.options.syntheticStartMs);
    const toMs = Math.min(Math.ceil(window.to / 1000), this.options.now() + 1);
    if (!(toMs > fromMs)) return;
    const deleted = this.deleted.get(record.id) ?? [];
    const signals = this.options.signals;
    const samples = backward
      ? signals.iterateBackward(record.syntheticTag, fromMs, toMs)
      : signals.iterate(record.syntheticTag, fromMs, toMs);
    for (const sample of samples) {
      const t = sample.timeMs * 1000;
      if (deleted.length > 0 && deleted.some((d) => t >= d.from && t < d.to)) continue;
      yield { t, value: sample.value, status: sample.status };
    }
  }

  private checkFacility(facility: string | null | undefined): void {
    const known = this.options.knownFacilities;
    if (known === undefined || facility === undefined || facility === null) return;
    if (!known.some((f) => sameText(f, facility, 'case-insensitive')))
      throw badRequest('Facility not found.');
  }

  private insert(record: SeriesRecord): void {
    this.records.set(record.id, record);
    this.order.set(record.id, this.nextOrder++);
    this.index(record);
  }

  private nameKey(name: string): string {
    return this.options.nameMatching === 'exact' ? name : name.toLowerCase();
  }

  private index(record: SeriesRecord): void {
    const key = this.nameKey(record.name);
    const ids = this.byName.get(key);
    if (ids) ids.add(record.id);
    else this.byName.set(key, new Set([record.id]));
  }

  private unindex(record: SeriesRecord): void {
    const key = this.nameKey(record.name);
    const ids = this.byName.get(key);
    ids?.delete(record.id);
    if (ids?.size === 0) this.byName.delete(key);
  }

  private checkUnique(record: SeriesRecord, traits: VersionTraits): void {
    const key = traits.uniqueBy;
    const clash = this.withName(record.name).find(
      (r) => r.id !== record.id && sameText(r[key], record[key], this.options.nameMatching),
    );
    if (!clash) return;
    const owner = key === 'facility' ? record.facility : record.assetId;
    throw new ApiError(
      409,
      `Attempt to store timeseries '${record.name}' from '${owner ?? ''}' which already exists`,
    );
  }
}

function blankRecord(id: string, name: string, now: number): SeriesRecord {
  return {
    id,
    name,
    description: null,
    step: false,
    unit: null,
    standardUnit: null,
    assetId: null,
    facility: null,
    externalId: null,
    source: null,
    metadata: null,
    createdTime: now,
    changedTime: now,
  };
}
