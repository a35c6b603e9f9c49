import { hashInt1, hashInt2, hashInts } from './hashing';

describe('hashInt1 / hashInt2', () => {
  it('equal hashInts with one and two values, including values past 32 bits and negative ones', () => {
    const values = [0, 1, 2, 13, 0xffffffff, 2 ** 32, 1_795_468_200_000, -1, -(2 ** 40) + 7];
    for (const key of [0, 1, 0x9e3779b9, 0xdeadbeef]) {
      for (const a of values) {
        expect(hashInt1(key, a)).toBe(hashInts(key, a));
        for (const b of values) expect(hashInt2(key, a, b)).toBe(hashInts(key, a, b));
      }
    }
  });
});
