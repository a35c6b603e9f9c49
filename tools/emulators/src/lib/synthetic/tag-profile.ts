import { between, hashString, unit } from './hashing';

/** The kind of instrument a tag looks like; it sets the unit and the plausible value range. */
export type SensorKind = 'temperature' | 'pressure' | 'flow' | 'level' | 'vibration';

/** The fixed parameters of one tag's signal, derived from (seed, tag name) alone. */
export interface TagProfile {
  tag: string;
  kind: SensorKind;
  unit: string;
  /** The operating point the signal moves around. */
  base: number;
  /** Engineering units per unit of the group's shared (latent) signal. */
  scale: number;
  /** How strongly and in which direction the tag follows its group (negative: inversely). */
  gain: number;
  /** Standard deviation of the white measurement noise, in engineering units. */
  noise: number;
  /** Weight of the tag's own slow wander, independent of the group. */
  ownWander: number;
  /** Salt of the tag's per-sample hashes. */
  key: number;
}

const KINDS = [
  { kind: 'temperature', unit: 'degC', base: [35, 95], scale: [1.5, 5] },
  { kind: 'pressure', unit: 'barg', base: [4, 60], scale: [0.3, 2.5] },
  { kind: 'flow', unit: 'm3/h', base: [120, 900], scale: [8, 45] },
  { kind: 'level', unit: '%', base: [30, 70], scale: [2, 6] },
  { kind: 'vibration', unit: 'mm/s', base: [1.5, 6], scale: [0.2, 0.8] },
] as const satisfies ReadonlyArray<{
  kind: SensorKind;
  unit: string;
  base: readonly [number, number];
  scale: readonly [number, number];
}>;

// ISA-style instrument letters in a tag name (…29TE3001…, …PT-…) pick a matching kind.
const NAME_HINTS: Array<[RegExp, SensorKind]> = [
  [/(^|[^A-Z])T[TEIC]/, 'temperature'],
  [/(^|[^A-Z])P[TIDC]/, 'pressure'],
  [/(^|[^A-Z])F[TIQC]/, 'flow'],
  [/(^|[^A-Z])L[TIC]/, 'level'],
  [/(^|[^A-Z])V[TIE]/, 'vibration'],
];

/** Derives a tag's profile; the same seed and name give the same profile everywhere. */
export function tagProfile(seed: number, tag: string): TagProfile {
  const key = hashString(tag, seed);
  const h = (salt: string) => hashString(salt, key);
  const hinted = NAME_HINTS.find(([pattern]) => pattern.test(tag.toUpperCase()))?.[1];
  const spec: (typeof KINDS)[number] =
    KINDS.find((k) => k.kind === hinted) ?? KINDS[Math.floor(unit(h('kind')) * KINDS.length)] ?? KINDS[0];
  const scale = between(h('scale'), spec.scale[0], spec.scale[1]);
  const sign = unit(h('sign')) < 0.2 ? -1 : 1;
  return {
    tag,
    kind: spec.kind,
    unit: spec.unit,
    base: between(h('base'), spec.base[0], spec.base[1]),
    scale,
    gain: sign * between(h('gain'), 0.6, 1.4),
    noise: scale * between(h('noise'), 0.04, 0.12),
    ownWander: between(h('wander'), 0.1, 0.3),
    key,
  };
}
