import { FakeClock } from '../testing/fake-clock.test-helpers';
import { MemoryLeaseStore, MemorySlotStore } from './memory-state';

describe('MemoryLeaseStore', () => {
  it('gives the lease to one owner until it expires or is released', async () => {
    const clock = new FakeClock(0);
    const store = new MemoryLeaseStore(clock);
    expect(await store.acquire('a', 1000)).toEqual({ acquired: true });
    expect(await store.acquire('b', 1000)).toEqual({ acquired: false, holder: 'a', expiresInMs: 1000 });
    expect(await store.renew('b', 1000)).toBe(false);
    clock.set(999);
    expect(await store.renew('a', 1000)).toBe(true);
    clock.set(1998);
    expect(await store.acquire('b', 1000)).toMatchObject({ acquired: false, expiresInMs: 1 });
    clock.set(1999);
    expect(await store.acquire('b', 1000)).toEqual({ acquired: true });
    expect(await store.renew('a', 1000)).toBe(false);
    expect(await store.release('a')).toBe(false);
    expect(await store.release('b')).toBe(true);
    expect(await store.acquire('a', 1000)).toEqual({ acquired: true });
  });
});

describe('MemorySlotStore', () => {
  it('only moves forward', async () => {
    const store = new MemorySlotStore();
    expect(await store.lastDone()).toBeUndefined();
    await store.markDone(2000);
    await store.markDone(1000);
    expect(await store.lastDone()).toBe(2000);
  });
});
