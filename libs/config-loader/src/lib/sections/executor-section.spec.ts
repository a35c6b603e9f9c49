import { executorSectionSchema } from './apps';

const issuesOf = (section: Record<string, unknown>): [string, string][] => {
  const result = executorSectionSchema.safeParse(section);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('executor section', () => {
  it('has defaults for how tasks run', () => {
    const executor = executorSectionSchema.parse({});
    expect(executor).toMatchObject({
      concurrency: 4,
      task_deadline: { text: '10m', ms: 600_000 },
      request_timeout: { text: '30s', ms: 30_000 },
      revision_cache_ttl: { text: '30s', ms: 30_000 },
      done_marker_ttl: { text: '7d', ms: 7 * 86_400_000 },
      retry: {
        max_attempts: 3,
        initial_delay: { text: '2s', ms: 2000 },
        max_delay: { text: '1m', ms: 60_000 },
        multiplier: 2,
      },
    });
  });

  it('reads numbers from environment strings and 0 as "off" for the caches', () => {
    const executor = executorSectionSchema.parse({
      concurrency: '8',
      done_marker_ttl: 0,
      revision_cache_ttl: '0',
    });
    expect(executor.concurrency).toBe(8);
    expect(executor.done_marker_ttl.ms).toBe(0);
    expect(executor.revision_cache_ttl.ms).toBe(0);
  });

  it('rejects nonsense with the key path', () => {
    expect(issuesOf({ concurrency: 0 })).toEqual([['concurrency', expect.stringContaining('>=1')]]);
    expect(issuesOf({ task_deadline: '500ms' })).toEqual([
      ['task_deadline', '"500ms" is shorter than the minimum, 1s'],
    ]);
    expect(issuesOf({ retry: { max_attempts: 0 } })).toEqual([
      ['retry.max_attempts', expect.stringContaining('>=1')],
    ]);
    expect(issuesOf({ retry: { initial_delay: '1m', max_delay: '10s' } })).toEqual([
      ['retry.max_delay', 'must not be shorter than initial_delay'],
    ]);
  });
});
