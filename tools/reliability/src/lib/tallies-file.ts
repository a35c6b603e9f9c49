import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Tally } from './tally';

/** One scenario's result as the suite records it for docs/RELIABILITY.md. */
export interface ScenarioRecord {
  /** Stable key, e.g. `executor-sigkill`; a later run replaces the entry. */
  readonly id: string;
  readonly title: string;
  /** What the scenario does to the system, one or two sentences. */
  readonly faults: string;
  readonly tally: Tally;
  readonly wallSeconds: number;
  /** Figures particular to the scenario: restarts, retries seen, injected faults, seed… */
  readonly figures: Readonly<Record<string, number | string>>;
  /** Checks beyond the tally that held (e.g. "each dead letter names the field"). */
  readonly checks: readonly string[];
  readonly finishedAt: string;
}

export interface TalliesDocument {
  readonly scenarios: ScenarioRecord[];
}

/** The workspace root (where nx.json is), from source or from the bundle alike. */
export function workspaceRoot(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'nx.json'))) return dir;
  throw new Error(`no nx.json above ${from}`);
}

/** `dist/reliability/tallies.json` under the workspace root (git-ignored). */
export const DEFAULT_TALLIES_FILE = join(workspaceRoot(), 'dist', 'reliability', 'tallies.json');

export function readTallies(file = DEFAULT_TALLIES_FILE): TalliesDocument {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as TalliesDocument;
    return { scenarios: Array.isArray(parsed.scenarios) ? parsed.scenarios : [] };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { scenarios: [] };
    throw new Error(`cannot read the tallies file ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Adds or replaces a scenario's entry (suites run one at a time, so read-modify-write is safe). */
export function recordScenario(record: ScenarioRecord, file = DEFAULT_TALLIES_FILE): void {
  const doc = readTallies(file);
  const scenarios = [...doc.scenarios.filter((s) => s.id !== record.id), record];
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ scenarios }, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
