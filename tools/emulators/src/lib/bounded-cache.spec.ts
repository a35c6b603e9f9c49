import { BoundedCache } from './bounded-cache';

describe('BoundedCache', () => {
  it('computes a key once, undefined answers included', () => {
    const cache = new BoundedCache<string, number | undefined>(10);
    const asked: string[] = [];
    const compute = (key: string) => () => {
      asked.push(key);
      return key === 'none' ? undefined : key.length;
    };
    expect(cache.get('abc', compute('abc'))).toBe(3);
    expect(cache.get('abc', compute('abc'))).toBe(3);
    expect(cache.get('none', compute('none'))).toBeUndefined();
    expect(cache.get('none', compute('none'))).toBeUndefined();
    expect(asked).toEqual(['abc', 'none']);
  });

  it('forgets everything when full, and so never holds more than its limit', () => {
    const cache = new BoundedCache<number, number>(3);
    let computed = 0;
    for (const key of [1, 2, 3, 4, 1]) cache.get(key, () => ++computed);
    // 1, 2, 3 fill it; 4 clears it first; 1 is then computed again.
    expect(computed).toBe(5);
    expect(cache.size).toBe(2);
  });
});
