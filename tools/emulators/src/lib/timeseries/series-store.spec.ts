import { SyntheticSignals } from '../synthetic/synthetic-signals';
import type { StoredPoint } from './point-buffer';
import { SeriesStore, type Window } from './series-store';
import { VERSION_TRAITS } from './versions';

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

describe('SeriesStore name lookups', () => {
  const traits = VERSION_TRAITS['v1.7'];
  const caseInsensitive = () =>
    new SeriesStore({
      seed: 1,
      signals: new SyntheticSignals({ seed: 1 }),
      syntheticStartMs: T0,
      now: () => T0,
      nameMatching: 'case-insensitive',
    });

  it('finds series by name in creation order, through renames and deletes', () => {
    const s = caseInsensitive();
    const first = s.create({ name: 'Out.A', facility: 'F1' }, traits);
    const other = s.create({ name: 'Out.B', facility: 'F1' }, traits);
    const second = s.create({ name: 'out.a', facility: 'F2' }, traits);
    expect(s.findByName('OUT.A').map((r) => r.id)).toEqual([first.id, second.id]);
    expect(s.findByName('out.a', 'f2').map((r) => r.id)).toEqual([second.id]);

    s.update(other.id, { name: 'out.A', facility: 'F3' }, 'patch', traits);
    expect(s.findByName('Out.B')).toEqual([]);
    expect(s.findByName('out.a').map((r) => r.id)).toEqual([first.id, other.id, second.id]);

    s.delete(first.id);
    expect(s.withName('out.a').map((r) => r.id)).toEqual([other.id, second.id]);
  });

  it('still refuses a create or rename onto a name and facility that exist (409)', () => {
    const s = caseInsensitive();
    s.create({ name: 'Out.A', facility: 'F1' }, traits);
    const b = s.create({ name: 'Out.B', facility: 'F1' }, traits);
    expect(() => s.create({ name: 'OUT.A', facility: 'f1' }, traits)).toThrow(/already exists/);
    expect(() => s.update(b.id, { name: 'out.a' }, 'patch', traits)).toThrow(/already exists/);
    expect(s.findByName('Out.B').map((r) => r.id)).toEqual([b.id]); // the refused rename changed nothing
  });
});
