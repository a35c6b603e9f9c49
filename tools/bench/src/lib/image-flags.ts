import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Node flags of an app image: what its Dockerfile's exec-form ENTRYPOINT passes to `node`
 * before the script (`["/usr/bin/tini", "--", "node", "--enable-source-maps", …, "/app/dist/main.js"]`).
 * The benchmark runs the app with them, so it measures the heap settings that ship.
 */
export function entrypointNodeFlags(dockerfile: string, where = 'Dockerfile'): string[] {
  const line = dockerfile.split('\n').find((l) => /^ENTRYPOINT\s*\[/.test(l));
  if (!line) throw new Error(`${where}: no exec-form ENTRYPOINT [...]`);
  const argv = JSON.parse(line.replace(/^ENTRYPOINT\s*/, '')) as unknown;
  if (!Array.isArray(argv) || !argv.every((a): a is string => typeof a === 'string'))
    throw new Error(`${where}: the ENTRYPOINT is not a JSON array of strings`);
  const node = argv.indexOf('node');
  if (node < 0) throw new Error(`${where}: the ENTRYPOINT does not run node`);
  const flags: string[] = [];
  for (const arg of argv.slice(node + 1)) {
    if (!arg.startsWith('-')) break; // the script
    flags.push(arg);
  }
  return flags;
}

/**
 * The allocator settings (`MALLOC_*`) the image's last stage sets with `ENV KEY=value …`: they
 * change the process's resident memory as much as the heap flags do, so the benchmark sets them too.
 */
export function imageMallocEnv(dockerfile: string): Record<string, string> {
  const lines = dockerfile.split('\n');
  const lastFrom = lines.findLastIndex((l) => /^FROM\s/i.test(l));
  const env: Record<string, string> = {};
  for (const line of lines.slice(lastFrom + 1)) {
    if (!/^ENV\s/i.test(line)) continue;
    for (const [, key, value] of line.matchAll(/(\S+?)=(\S+)/g))
      if (key?.startsWith('MALLOC_') && value !== undefined) env[key] = value;
  }
  return env;
}

const executorDockerfile = () => join(__dirname, '..', '..', '..', 'apps', 'executor', 'Dockerfile');

/** The executor image's Node flags, read from `apps/executor/Dockerfile` of this checkout. */
export function executorImageNodeFlags(): string[] {
  const path = executorDockerfile();
  return entrypointNodeFlags(readFileSync(path, 'utf8'), path);
}

/** The executor image's allocator settings, read from `apps/executor/Dockerfile` of this checkout. */
export function executorImageMallocEnv(): Record<string, string> {
  return imageMallocEnv(readFileSync(executorDockerfile(), 'utf8'));
}
