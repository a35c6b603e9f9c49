import type { ConfigIssue } from './errors';
import { interpolateEnv } from './interpolate';

describe('interpolateEnv', () => {
  const env = { HOST: 'redis.local', EMPTY: '', PORT: '6380' };

  it('substitutes ${VAR} and ${VAR:-default} in values, never in keys', () => {
    const issues: ConfigIssue[] = [];
    const out = interpolateEnv(
      { '${HOST}': 'x', cache: { host: '${HOST}', port: '${PORT}', url: 'redis://${HOST}:${PORT}/0', user: '${USER_X:-latigo}' } },
      env,
      'f.yaml',
      issues,
    );
    expect(out).toEqual({
      '${HOST}': 'x',
      cache: { host: 'redis.local', port: '6380', url: 'redis://redis.local:6380/0', user: 'latigo' },
    });
    expect(issues).toEqual([]);
  });

  it('uses the default when the variable is set but empty, and keeps an empty value without a default', () => {
    const issues: ConfigIssue[] = [];
    expect(interpolateEnv(['${EMPTY:-fallback}', '${EMPTY}'], env, 'f', issues)).toEqual(['fallback', '']);
    expect(issues).toEqual([]);
  });

  it('reads $$ as a literal dollar (e.g. the $ConnectionString user name)', () => {
    expect(interpolateEnv('$${NOT_A_VAR} $$ConnectionString', env, 'f', [])).toBe('${NOT_A_VAR} $ConnectionString');
  });

  it('reports an unset variable with its key path and file', () => {
    const issues: ConfigIssue[] = [];
    interpolateEnv({ task_queue: { 'sasl.password': '${KAFKA_PASSWORD}' } }, env, 'override.yaml', issues);
    expect(issues).toEqual([
      {
        path: 'task_queue["sasl.password"]',
        file: 'override.yaml',
        message: expect.stringContaining('environment variable KAFKA_PASSWORD is not set'),
      },
    ]);
  });
});
