/**
 * Values of a pure computation by key, for keys that come back again and again (the same times,
 * days, column names, schemas in every answer). At `limit` entries everything is forgotten at
 * once: cheaper than tracking use, and memory stays bounded when keys vary without end.
 */
export class BoundedCache<K, V> {
  private readonly known = new Map<K, V>();

  constructor(private readonly limit: number) {}

  /** The value remembered for `key`, else `compute()`'s, remembered (undefined too). */
  get(key: K, compute: () => V): V {
    const hit = this.known.get(key);
    if (hit !== undefined || this.known.has(key)) return hit as V;
    const value = compute();
    if (this.known.size >= this.limit) this.known.clear();
    this.known.set(key, value);
    return value;
  }

  get size(): number {
    return this.known.size;
  }
}
