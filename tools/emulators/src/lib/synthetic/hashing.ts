/**
 * Stateless, counter-based hashing: a value for (seed, tag, sample index) is computed directly,
 * so any window of a signal can be generated without replaying a random sequence from the start.
 * Only integer operations (Math.imul, shifts) are used, so results are equal on every machine.
 */

const GOLDEN = 0x9e3779b9;

/** The murmur3 finaliser: spreads every input bit over the whole 32-bit output. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a string (FNV-1a over UTF-16 code units, then mixed), salted with `seed`. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ mix32(seed)) >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Combines a key with integers (which may exceed 32 bits, e.g. millisecond times). */
export function hashInts(key: number, ...values: number[]): number {
  let h = key >>> 0;
  for (const value of values) h = mixInt(h, value);
  return h;
}

/** `hashInts(key, a)` without the rest-parameter array (the signals call it per sample). */
export function hashInt1(key: number, a: number): number {
  return mixInt(key >>> 0, a);
}

/** `hashInts(key, a, b)` without the rest-parameter array. */
export function hashInt2(key: number, a: number, b: number): number {
  return mixInt(mixInt(key >>> 0, a), b);
}

/** One integer into the hash: its low 32 bits, then its high ones. */
function mixInt(h: number, value: number): number {
  const lo = value >>> 0;
  const hi = Math.floor(value / 4294967296) >>> 0;
  return mix32((mix32((h ^ lo) + GOLDEN) ^ hi) + GOLDEN);
}

/** Uniform in [0, 1) from a hash. */
export function unit(hash: number): number {
  return (hash >>> 0) / 4294967296;
}

/** Uniform in [min, max) from a hash. */
export function between(hash: number, min: number, max: number): number {
  return min + (max - min) * unit(hash);
}

/** Standard normal from two hashes (Box-Muller). */
export function gaussian(hashA: number, hashB: number): number {
  const u = 1 - unit(hashA); // (0, 1]: log(0) must not happen
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * unit(hashB));
}

/**
 * Smooth value noise in [-1, 1]: random values at integer knots of `x`, blended with a
 * smoothstep so the curve has no corners. Evaluating it costs O(1) for any `x`.
 */
export function smoothNoise(key: number, x: number): number {
  const i = Math.floor(x);
  const f = x - i;
  const a = unit(hashInt1(key, i)) * 2 - 1;
  const b = unit(hashInt1(key, i + 1)) * 2 - 1;
  const w = f * f * (3 - 2 * f);
  return a + (b - a) * w;
}
