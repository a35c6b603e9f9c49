import { tallyLine, tallyOf } from './tally';

describe('tallyOf', () => {
  it('accounts for each distinct scheduled id once, by its best outcome, and counts the rest as lost', () => {
    const t = tallyOf({
      scheduled: ['a', 'b', 'c', 'd', 'e', 'a'],
      stored: ['a', 'b'],
      skipped: new Map([
        ['b', 'already_done'],
        ['c', 'no_data'],
      ]),
      deadLettered: new Map([
        ['a', 'GORDO_UNAVAILABLE'],
        ['d', 'GORDO_BAD_REQUEST'],
        ['offset:7', 'TASK_POISON_MESSAGE'],
      ]),
    });
    expect(t).toEqual({
      scheduled: 5,
      stored: 2,
      skipped: 1,
      deadLettered: 2,
      lost: 1,
      lostIds: ['e'],
      skipReasons: { no_data: 1 },
      deadLetterCodes: { GORDO_BAD_REQUEST: 1, TASK_POISON_MESSAGE: 1 },
    });
  });

  it('ignores stored and skipped ids that were never scheduled', () => {
    const t = tallyOf({
      scheduled: ['a'],
      stored: ['x'],
      skipped: new Map([['y', 'no_data']]),
      deadLettered: new Map(),
    });
    expect(t).toMatchObject({ stored: 0, skipped: 0, lost: 1 });
  });

  it('prints one line with every figure and the first lost ids', () => {
    const t = tallyOf({ scheduled: ['a', 'b'], stored: ['a'], skipped: new Map(), deadLettered: new Map() });
    expect(tallyLine('crash', t)).toBe(
      '[tally] crash: scheduled 2 · stored 1 · skipped 0 · dead-lettered 0 · lost 1 (b)',
    );
  });
});
