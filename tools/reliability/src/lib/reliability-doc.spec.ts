import { renderReliabilityDoc } from './reliability-doc';
import { tallyOf } from './tally';

describe('renderReliabilityDoc', () => {
  it('shows a row per scenario with lost in bold, totals, and a section with figures, reasons and codes', () => {
    const doc = renderReliabilityDoc({
      scenarios: [
        {
          id: 'sigkill',
          title: 'Executors SIGKILLed',
          faults: 'Five SIGKILLs.',
          tally: tallyOf({
            scheduled: ['a', 'b', 'c'],
            stored: ['a'],
            skipped: new Map([['b', 'no_data']]),
            deadLettered: new Map([['c', 'GORDO_BAD_REQUEST']]),
          }),
          wallSeconds: 12.345,
          figures: { seed: 42, restarts: 5 },
          checks: ['no secret in 120 log lines'],
          finishedAt: '2026-03-01T10:00:00.000Z',
        },
      ],
    });
    expect(doc).toContain('| [Executors SIGKILLed](#executors-sigkilled) | 3 | 1 | 1 | 1 | **0** | 12.3 s |');
    expect(doc).toContain('Totals: 3 scheduled, 1 stored, 1 skipped, 1 dead-lettered, 0 lost');
    expect(doc).toContain('Figures: seed 42 · restarts 5.');
    expect(doc).toContain('Skipped: `no_data` 1.');
    expect(doc).toContain('Dead-lettered: `GORDO_BAD_REQUEST` 1.');
    expect(doc).toContain('- no secret in 120 log lines');
  });

  it('no longer lists the scheduler failover and SIGTERM drain as gaps: they are scenarios now', () => {
    expect(renderReliabilityDoc({ scenarios: [] })).not.toMatch(/not yet scenarios|sigterm\.int\.spec/);
  });

  it('says so when nothing has run', () => {
    expect(renderReliabilityDoc({ scenarios: [] })).toContain('No scenario has run yet.');
  });
});
