import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The validator is ESM (kubernetes-models is ESM only), so it runs as the CLI that .ci/run uses.
const cli = join(__dirname, '..', 'bin', 'validate-manifests.mjs');
const fixture = (name: string) => join(__dirname, '__fixtures__', name);

async function validate(...files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [cli, ...files]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

describe('validate-manifests (offline Kubernetes, KEDA and Prometheus Operator schemas)', () => {
  it('accepts a valid Deployment, ScaledObject and ServiceMonitor', async () => {
    const result = await validate(fixture('valid.yaml'));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('3 objects, 0 problems');
  });

  it('rejects a misspelt field that the schemas alone would let through', async () => {
    const result = await validate(fixture('misspelt-field.yaml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Pod/p: unknown field /spec/containers/0/readinesProbe');
  });

  it('rejects a string where the schema wants an integer', async () => {
    const result = await validate(fixture('wrong-type.yaml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Deployment/d: data/spec/replicas must be integer');
  });

  it('rejects a number in KEDA trigger metadata', async () => {
    const result = await validate(fixture('keda-number.yaml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('lagThreshold must be string');
  });

  it('rejects a kind it has no schema for', async () => {
    const result = await validate(fixture('unknown-kind.yaml'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no schema for apiVersion apps/v1 kind Deploymnet');
  });

  it('reports the problems of every file, not only the first', async () => {
    const result = await validate(
      fixture('valid.yaml'),
      fixture('wrong-type.yaml'),
      fixture('unknown-kind.yaml'),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('5 objects, 2 problems');
  });
});
