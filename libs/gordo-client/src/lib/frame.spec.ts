import { concatFrames, orderFrame, type PredictionFrame, type RawFrame } from './frame';

const f64 = (...v: number[]) => Float64Array.from(v);
const names = (frame: PredictionFrame, group: string) => [...(frame.columns.get(group)?.keys() ?? [])];

describe('orderFrame', () => {
  // JSON sorts keys as strings: groups alphabetically, tag-1, tag-10, tag-2, … within them.
  const raw: RawFrame = {
    index: f64(0, 1),
    end: f64(NaN, NaN),
    columns: [
      { group: 'anomaly-confidence', name: 'tag-1', values: f64(1, 1) },
      { group: 'model-input', name: 'tag-1', values: f64(11, 12) },
      { group: 'model-input', name: 'tag-10', values: f64(101, 102) },
      { group: 'model-input', name: 'tag-2', values: f64(21, 22) },
      { group: 'model-output', name: 'tag-2', values: f64(2, 2) },
      { group: 'model-output', name: 'tag-1', values: f64(1, 1) },
      { group: 'some-new-group', name: 'x', values: f64(0, 0) },
      { group: 'total-anomaly-scaled', name: '', values: f64(5, 5) },
      { group: 'tag-anomaly-scaled', name: 'tag-1', values: f64(3, 3) },
    ],
  };

  it('orders groups as the server builds them and names by the metadata tag lists', () => {
    const frame = orderFrame(raw, {
      inputTags: ['tag-1', 'tag-2', 'tag-10'],
      targetTags: ['tag-2', 'tag-1'],
    });
    expect([...frame.columns.keys()]).toEqual([
      'model-input',
      'model-output',
      'tag-anomaly-scaled',
      'total-anomaly-scaled',
      'anomaly-confidence',
      'some-new-group',
    ]);
    expect(names(frame, 'model-input')).toEqual(['tag-1', 'tag-2', 'tag-10']);
    expect(names(frame, 'model-output')).toEqual(['tag-2', 'tag-1']);
    expect(frame.columns.get('model-input')?.get('tag-10')).toEqual(f64(101, 102)); // values travel with names
  });

  it('orders positional output names ("0", "1", "10") numerically', () => {
    const frame = orderFrame(
      {
        index: f64(0),
        end: f64(NaN),
        columns: ['0', '10', '2', '1'].map((name) => ({
          group: 'model-output',
          name,
          values: f64(Number(name)),
        })),
      },
      { inputTags: ['a'], targetTags: ['a'] },
    );
    expect(names(frame, 'model-output')).toEqual(['0', '1', '2', '10']);
  });
});

describe('concatFrames', () => {
  it('joins batches in order and fills columns a batch lacks with NaN', () => {
    const a: PredictionFrame = {
      index: f64(0, 1),
      end: f64(10, 11),
      columns: new Map([['g', new Map([['x', f64(1, 2)]])]]),
    };
    const b: PredictionFrame = {
      index: f64(2),
      end: f64(12),
      columns: new Map([
        [
          'g',
          new Map([
            ['x', f64(3)],
            ['y', f64(9)],
          ]),
        ],
      ]),
    };
    const joined = concatFrames([a, b]);
    expect(joined.index).toEqual(f64(0, 1, 2));
    expect(joined.end).toEqual(f64(10, 11, 12));
    expect(joined.columns.get('g')?.get('x')).toEqual(f64(1, 2, 3));
    expect(joined.columns.get('g')?.get('y')).toEqual(f64(NaN, NaN, 9));
  });
});
