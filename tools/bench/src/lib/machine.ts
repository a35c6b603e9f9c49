import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { RunMeta } from './results';

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** Debian's PRETTY_NAME, else the kernel. */
function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    return pretty ? `${pretty}, ${type()} ${release()}` : `${type()} ${release()}`;
  } catch {
    return `${type()} ${release()}`;
  }
}

/** The machine, the commit and the date; the peers' versions are added as they start. */
export function describeRun(quick: boolean): RunMeta {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short=12', 'HEAD']),
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    quick,
    wallSeconds: 0,
    machine: {
      cpu: cpu[0]?.model.trim() ?? 'unknown',
      cores: cpu.length,
      ramGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      os: osName(),
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    },
    versions: { node: process.version },
  };
}
