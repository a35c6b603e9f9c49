import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTallies, recordScenario, type ScenarioRecord } from './tallies-file';
import { tallyOf } from './tally';

const record = (id: string, stored: string[]): ScenarioRecord => ({
  id,
  title: id,
  faults: 'none',
  tally: tallyOf({ scheduled: ['a', 'b'], stored, skipped: new Map(), deadLettered: new Map() }),
  wallSeconds: 1.5,
  figures: { seed: 7 },
  checks: [],
  finishedAt: '2026-03-01T00:00:00.000Z',
});

describe('tallies file', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'tallies-')), 'sub', 'tallies.json');

  it('starts empty, then keeps one entry per scenario, the latest run replacing the earlier one', () => {
    const f = file();
    expect(readTallies(f)).toEqual({ scenarios: [] });
    recordScenario(record('crash', ['a']), f);
    recordScenario(record('bad-input', ['a', 'b']), f);
    recordScenario(record('crash', ['a', 'b']), f);
    const { scenarios } = readTallies(f);
    expect(scenarios.map((s) => [s.id, s.tally.lost])).toEqual([
      ['bad-input', 0],
      ['crash', 0],
    ]);
  });

  it('names the file when it is not JSON', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'tallies-')), 'tallies.json');
    writeFileSync(f, '{not json');
    expect(() => readTallies(f)).toThrow(`cannot read the tallies file ${f}`);
  });
});
