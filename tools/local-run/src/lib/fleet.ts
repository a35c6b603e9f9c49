import type { GeneratedModelSpec, LinearModelParams, SensorGroupConfig, TagProfile } from '@latigo/emulators';

/**
 * What a model of the local run is there for: `healthy` models succeed; the two troubled ones
 * show the other outcomes, as a real fleet has them (see `troubleOf`).
 */
export type ModelRole = 'healthy' | 'skipped' | 'dead-lettered';

/** One model of the local run and the synthetic tags it reads. */
export interface FleetModel {
  name: string;
  tags: string[];
  role: ModelRole;
}

/** Instrument letters cycled through a model's tags; they give each tag a kind and unit (°C, barg, …). */
const INSTRUMENTS = ['TT', 'PT', 'FT', 'LT', 'VT'];

/** The scaler range is this many tag scales either side of the operating point (see `modelSpec`). */
const RANGE_IN_SCALES = 15;

/**
 * `unit-01` … with tags `unit-01.TT-101`, `unit-01.PT-102`, …: one correlated sensor group per
 * model; with `troubled`, two more models after the healthy ones: one skipped, one dead-lettered.
 */
export function fleetModels(models: number, tagsPerModel: number, troubled = false): FleetModel[] {
  const roles: ModelRole[] = [
    ...Array.from({ length: models }, () => 'healthy' as const),
    ...(troubled ? (['skipped', 'dead-lettered'] as const) : []),
  ];
  const width = Math.max(2, String(roles.length).length);
  return roles.map((role, m) => {
    const name = `unit-${String(m + 1).padStart(width, '0')}`;
    const tags = Array.from(
      { length: tagsPerModel },
      (_, t) => `${name}.${INSTRUMENTS[t % INSTRUMENTS.length]}-${101 + t}`,
    );
    return { name, tags, role };
  });
}

/**
 * How a troubled model gets its outcome from the emulated world alone, as it would in a plant:
 * the skipped one reads a tag that has no series in the Timeseries API (a sensor not yet
 * connected: `EXECUTOR_NO_DATA`, not retried); the dead-lettered one's first tag names series in
 * two facilities, so the executor cannot tell which one the model reads (`EXECUTOR_TAG_AMBIGUOUS`,
 * which no retry can fix).
 */
export function troubleOf(model: FleetModel): string | undefined {
  const last = model.tags[model.tags.length - 1];
  if (model.role === 'skipped') return `skipped: tag ${last} has no series in the Timeseries API`;
  if (model.role === 'dead-lettered')
    return `dead-lettered: tag ${model.tags[0]} names series in two facilities`;
  return undefined;
}

/** The facility of the duplicate series that makes the dead-lettered model's first tag ambiguous. */
export const SECOND_FACILITY = '1904';

/** Series registered besides the sensor groups: the duplicate of the dead-lettered model's first tag. */
export function extraSeries(models: readonly FleetModel[]): { tag: string; facility: string }[] {
  return models
    .filter((m) => m.role === 'dead-lettered')
    .map((m) => ({ tag: m.tags[0] as string, facility: SECOND_FACILITY }));
}

/** The Timeseries emulator's sensor groups: each model's tags share one latent process. */
export function sensorGroups(
  models: readonly FleetModel[],
  facility: string,
): (SensorGroupConfig & { name: string })[] {
  // The skipped model's last tag is left out: it has no series.
  return models
    .map((m) => ({ facility, name: m.name, tags: m.role === 'skipped' ? m.tags.slice(0, -1) : m.tags }))
    .filter((g) => g.tags.length > 0);
}

/**
 * A Gordo model over one sensor group that does what a trained autoencoder would: it predicts
 * each tag from the *other* tags of its group. Every tag follows the group's latent process
 * (`value ≈ base + scale · gain · latent`), so the others give the latent and the prediction
 * misses only the tag's own wander and noise, plus an injected anomaly, which shows as a peak
 * of the anomaly score. The scaler range (±15 scales) puts ordinary wander well below the
 * generated thresholds and an anomaly of 3 scales or more well above them.
 */
export function modelSpec(model: FleetModel, profileOf: (tag: string) => TagProfile): GeneratedModelSpec {
  const profiles = model.tags.map(profileOf);
  const tagRange = Object.fromEntries(
    profiles.map((p) => [
      p.tag,
      { min: p.base - RANGE_IN_SCALES * p.scale, max: p.base + RANGE_IN_SCALES * p.scale },
    ]),
  );
  return {
    name: model.name,
    tags: model.tags,
    // One row per sample, so the plots show the signal as measured.
    resolution: '1T',
    tagRange,
    // A single tag has no group to be predicted from: the generator's default model follows it.
    ...(profiles.length > 1 ? { linear: linearFromGroup(profiles) } : {}),
  };
}

function linearFromGroup(profiles: readonly TagProfile[]): LinearModelParams['targets'] {
  const targets: LinearModelParams['targets'] = {};
  for (const target of profiles) {
    const others = profiles.filter((p) => p !== target);
    const weights: Record<string, number> = {};
    let intercept = target.base;
    for (const other of others) {
      // latent ≈ (x − base) / (scale · gain), averaged over the other tags.
      const w = (target.scale * target.gain) / (others.length * other.scale * other.gain);
      weights[other.tag] = w;
      intercept -= w * other.base;
    }
    targets[target.tag] = { intercept, weights };
  }
  return targets;
}
