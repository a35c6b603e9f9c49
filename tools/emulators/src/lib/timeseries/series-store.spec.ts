import { SyntheticSignals } from '../synthetic/synthetic-signals';
import type { StoredPoint } from './point-buffer';
import { SeriesStore, type Window } from './series-store';

const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000_000; // µs

function store(): { store: SeriesStore; id: string } {
  const s = new SeriesStore({
    seed: 1,
    signals: new SyntheticSignals({ seed: 1 }),
    syntheticStartMs: T0,
    now: () => T0 + 86_400_000,
    nameMatching: 'exact',
  });
  return { store: s, id: s.registerSynthetic('unit.TT-101', '1903').id };
}

/** What `take` replaced: the first `count` points of `iterate` that pass `keep`. */
function viaIterate(
  s: SeriesStore,
  id: string,
  window: Window,
  count: number,
  keep: (p: StoredPoint) => boolean,
  backward = false,
) {
  const out: StoredPoint[] = [];
  for (const p of s.iterate(id, window, backward)) {
    if (out.length >= count) break;
    if (keep(p)) out.push(p);
  }
  return out;
}

describe('SeriesStore.take', () => {
  it('gives what iterating gives, with and without written points or deletes in the window', () => {
    const { store: s, id } = store();
    const t0 = T0 * 1000;
    const windows: Window[] = [
      { from: t0, to: t0 + 80 * MINUTE },
      { from: t0 + 100 * MINUTE, to: t0 + 200 * MINUTE },
      { from: -Infinity, to: t0 + 3 * MINUTE },
      { from: t0 + 150 * MINUTE, to: Infinity },
    ];
    const keeps = [() => true, (p: StoredPoint) => p.status === 192];
    const check = () => {
      for (const window of windows)
        for (const keep of keeps)
          for (const count of [0, 1, 5, 1000])
            for (const backward of [false, true]) {
              if (backward ? window.to === Infinity : window.from === -Infinity) continue;
              expect(s.take(id, window, count, keep, backward)).toEqual(
                viaIterate(s, id, window, count, keep, backward),
              );
            }
    };
    check();
    s.write(id, [
      { t: t0 + 150 * MINUTE, value: 1, status: 192 },
      { t: t0 + 160 * MINUTE + 5, value: 2, status: 0 },
    ]);
    check();
    s.deleteData(id, { from: t0 + 10 * MINUTE, to: t0 + 20 * MINUTE });
    check();
  });
});
