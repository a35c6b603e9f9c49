import type { GeneratedModelSpec, LinearModelParams, SensorGroupConfig, TagProfile } from '@latigo/emulators';

/** One model of the local run and the synthetic tags it reads. */
export interface FleetModel {
  name: string;
  tags: string[];
}

/** Instrument letters cycled through a model's tags; they give each tag a kind and unit (°C, barg, …). */
const INSTRUMENTS = ['TT', 'PT', 'FT', 'LT', 'VT'];

/** The scaler range is this many tag scales either side of the operating point (see `modelSpec`). */
const RANGE_IN_SCALES = 15;

/** `unit-01` … with tags `unit-01.TT-101`, `unit-01.PT-102`, …: one correlated sensor group per model. */
export function fleetModels(models: number, tagsPerModel: number): FleetModel[] {
  const width = Math.max(2, String(models).length);
  return Array.from({ length: models }, (_, m) => {
    const name = `unit-${String(m + 1).padStart(width, '0')}`;
    const tags = Array.from(
      { length: tagsPerModel },
      (_, t) => `${name}.${INSTRUMENTS[t % INSTRUMENTS.length]}-${101 + t}`,
    );
    return { name, tags };
  });
}

/** The Timeseries emulator's sensor groups: each model's tags share one latent process. */
export function sensorGroups(
  models: readonly FleetModel[],
  facility: string,
): (SensorGroupConfig & { name: string })[] {
  return models.map((m) => ({ facility, name: m.name, tags: m.tags }));
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
