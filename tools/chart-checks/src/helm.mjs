// Runs the helm binary: $HELM, else $LATIGO_CACHE_DIR/bin/helm (where .ci/run installs it), else PATH.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// The Kubernetes version the offline models describe; helm built by `go install` otherwise
// assumes v1.20, which the charts' kubeVersion constraint rejects.
export const KUBE_VERSION = '1.34.0';

export function helmBinary() {
  if (process.env.HELM) return process.env.HELM;
  const cached = join(process.env.LATIGO_CACHE_DIR ?? join(homedir(), '.cache', 'latigo'), 'bin', 'helm');
  return existsSync(cached) ? cached : 'helm';
}

/** Runs helm; resolves `{ ok, stdout, stderr }` and never throws on a non-zero exit. */
export function helm(args) {
  const result = spawnSync(helmBinary(), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`cannot run helm (${helmBinary()}): ${result.error.message}`);
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr.trim() };
}

export function lint(chartDir, valuesFile) {
  return helm([
    'lint',
    '--strict',
    '--kube-version',
    KUBE_VERSION,
    chartDir,
    ...(valuesFile ? ['-f', valuesFile] : []),
  ]);
}

export function template(chartDir, valuesFile, extraArgs = []) {
  return helm([
    'template',
    'latigo',
    chartDir,
    '--namespace',
    'latigo',
    '--kube-version',
    KUBE_VERSION,
    ...(valuesFile ? ['-f', valuesFile] : []),
    ...extraArgs,
  ]);
}
