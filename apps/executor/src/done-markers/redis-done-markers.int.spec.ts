import { requirePeerEnv } from '@latigo/peers';
import { createClient } from 'redis';
import { RedisDoneMarkers } from './redis-done-markers';

describe('RedisDoneMarkers (real Redis)', () => {
  const redis = createClient({ url: requirePeerEnv('LATIGO_TEST_REDIS_URL') });
  beforeAll(() => redis.connect());
  afterAll(() => redis.close());

  it('marks a task under <prefix><task_id> with the TTL, seen by every executor', async () => {
    const keyPrefix = `test:${Date.now()}:done:`;
    const taskId = 'latigo-test/diff-3tags/2024-01-08T07:00:00Z/2024-01-08T07:30:00Z';
    const writer = new RedisDoneMarkers(redis, {
      keyPrefix,
      ttlSeconds: 120,
      now: () => Date.parse('2024-01-08T08:00:00Z'),
    });
    const reader = new RedisDoneMarkers(redis, { keyPrefix, ttlSeconds: 120 });
    expect(await reader.isDone(taskId)).toBe(false);
    await writer.markDone(taskId);
    expect(await reader.isDone(taskId)).toBe(true);
    expect(await redis.get(`${keyPrefix}${taskId}`)).toBe('2024-01-08T08:00:00.000Z');
    const ttl = await redis.ttl(`${keyPrefix}${taskId}`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
  });
});
