import { pathKey, type KeyPath } from './key-path';

export interface ConfigLayer {
  file: string;
  data: Record<string, unknown>;
}

export interface MergedConfig {
  data: Record<string, unknown>;
  /** The file that set the value at `path` (or at its nearest set ancestor), else undefined. */
  sourceOf(path: KeyPath): string | undefined;
}

/**
 * Deep-merges layers in order. Mappings merge key by key; lists and scalars replace. Unlike the
 * original Latigo, every value in a later layer wins, including false, 0, "" and null, so an
 * override can switch things off.
 */
export function mergeLayers(layers: readonly ConfigLayer[]): MergedConfig {
  const sources = new Map<string, string>();
  let data: Record<string, unknown> = {};
  for (const layer of layers) data = mergeInto(data, layer.data, layer.file, [], sources);
  return {
    data,
    sourceOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const file = sources.get(pathKey(path.slice(0, n)));
        if (file) return file;
      }
      return undefined;
    },
  };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function mergeInto(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
  file: string,
  path: PropertyKey[],
  sources: Map<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const childPath = [...path, key];
    const current = out[key];
    if (isMapping(current) && isMapping(value)) {
      out[key] = mergeInto(current, value, file, childPath, sources);
    } else {
      out[key] = value;
      forgetSourcesBelow(childPath, sources);
      recordSources(value, file, childPath, sources);
    }
  }
  return out;
}

function recordSources(value: unknown, file: string, path: PropertyKey[], sources: Map<string, string>): void {
  sources.set(pathKey(path), file);
  if (isMapping(value)) {
    for (const [key, inner] of Object.entries(value)) recordSources(inner, file, [...path, key], sources);
  }
}

// A replaced subtree must not keep the provenance of the keys it no longer has.
function forgetSourcesBelow(path: PropertyKey[], sources: Map<string, string>): void {
  const prefix = pathKey(path).slice(0, -1) + ',';
  for (const key of sources.keys()) if (key.startsWith(prefix)) sources.delete(key);
}
