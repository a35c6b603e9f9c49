import { PassThrough } from 'node:stream';
import { createProgress, type ProgressState } from './progress';
import { EMPTY_TALLY } from './tally';

const state = (enqueued: number, succeeded: number): ProgressState => ({
  tally: { ...EMPTY_TALLY, enqueued, succeeded, running: enqueued - succeeded },
  slots: 2,
  expectedSlots: 2,
  rate: 10,
  etaSeconds: (enqueued - succeeded) / 10,
});

describe('progress on a stream that is not a terminal', () => {
  it('writes plain lines: each phase, the execute figures at each tenth of the tasks, no repeats', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const progress = createProgress(out);

    progress.begin('execute', 'waiting for tasks');
    for (const done of [0, 1, 2, 3, 19, 20]) progress.update(state(20, done));
    progress.update(state(20, 20));
    progress.end('execute');
    progress.end('report', 'report.html');
    progress.end('report', 'report.html');
    progress.stop();

    expect(text.split('\n').filter(Boolean)).toEqual([
      'execute waiting for tasks',
      'execute 0/20 tasks · running 20 · succeeded 0 · skipped 0 · dead-lettered 0 · 10 tasks/s · ETA 2.0 s',
      'execute 2/20 tasks · running 18 · succeeded 2 · skipped 0 · dead-lettered 0 · 10 tasks/s · ETA 1.8 s',
      'execute 19/20 tasks · running 1 · succeeded 19 · skipped 0 · dead-lettered 0 · 10 tasks/s · ETA 100 ms',
      'execute 20/20 tasks · running 0 · succeeded 20 · skipped 0 · dead-lettered 0 · 10 tasks/s · ETA 0 ms',
      'report  report.html',
    ]);
  });
});
