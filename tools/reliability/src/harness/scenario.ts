import { recordScenario, type ScenarioRecord } from '../lib/tallies-file';
import { tallyLine, tallyOf, type Observations, type Tally } from '../lib/tally';
import type { LogCapture } from './log-capture';
import { findSecrets } from './planted-secrets';

export interface ScenarioEnd {
  readonly id: string;
  readonly title: string;
  readonly faults: string;
  readonly startedAt: number;
  readonly observations: Observations;
  readonly logs: LogCapture;
  readonly secrets: Record<string, string>;
  readonly figures?: Record<string, number | string>;
  readonly checks?: string[];
}

/**
 * Ends a scenario: the tally (printed as one line), the secret grep over every captured log,
 * and the entry in dist/reliability/tallies.json. The caller asserts on what it returns.
 */
export function endScenario(end: ScenarioEnd): { tally: Tally; leaked: { secret: string; log: string }[] } {
  const tally = tallyOf(end.observations);
  const leaked = findSecrets(end.secrets, end.logs.texts);
  const wallSeconds = (Date.now() - end.startedAt) / 1000;
  process.stdout.write(`${tallyLine(end.id, tally)} · ${wallSeconds.toFixed(1)} s\n`);
  const record: ScenarioRecord = {
    id: end.id,
    title: end.title,
    faults: end.faults,
    tally,
    wallSeconds,
    figures: end.figures ?? {},
    checks: [
      ...(end.checks ?? []),
      `no planted secret (${Object.keys(end.secrets).join(', ')}) in ${end.logs.lineCount} captured log lines` +
        (leaked.length ? ` — FAILED: ${leaked.map((l) => `${l.secret} in ${l.log}`).join(', ')}` : ''),
    ],
    finishedAt: new Date().toISOString(),
  };
  recordScenario(record);
  return { tally, leaked };
}

/** A seeded random source (mulberry32): the same seed gives the same kill points. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
