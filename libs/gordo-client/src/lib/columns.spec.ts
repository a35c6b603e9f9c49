import { columnMismatch, someOf } from './columns';
import type { RawFrame } from './frame';

const expected = { inputTags: ['in-1', 'in-2', 't-1'], targetTags: ['t-1', 't-2'] };

/** A one-row frame with the given `group/name` columns (`group` alone for a single column). */
function frame(...labels: string[]): RawFrame {
  return {
    index: Float64Array.of(0),
    end: Float64Array.of(600_000),
    columns: labels.map((l) => {
      const [group, name = ''] = l.split('/');
      return { group: group as string, name, values: Float64Array.of(1) };
    }),
  };
}

const anomalyAnswer = [
  'model-input/in-1',
  'model-input/in-2',
  'model-input/t-1',
  'model-output/t-1',
  'model-output/t-2',
  'tag-anomaly-scaled/t-1',
  'tag-anomaly-scaled/t-2',
  'total-anomaly-scaled',
  'tag-anomaly-unscaled/t-1',
  'tag-anomaly-unscaled/t-2',
  'total-anomaly-unscaled',
  'anomaly-confidence/t-1',
  'anomaly-confidence/t-2',
  'total-anomaly-confidence',
];

describe('columnMismatch (a prediction checked against the model metadata)', () => {
  it.each([
    ['a full anomaly answer', anomalyAnswer],
    [
      'the smooth columns (all_columns)',
      [
        ...anomalyAnswer,
        'smooth-tag-anomaly-scaled/t-1',
        'smooth-tag-anomaly-scaled/t-2',
        'smooth-total-anomaly-scaled',
      ],
    ],
    ['a /prediction answer (model-input and model-output only)', anomalyAnswer.slice(0, 5)],
    [
      'an output narrower than the targets, numbered as the server numbers it',
      ['model-input/in-1', 'model-input/in-2', 'model-input/t-1', 'model-output/0'],
    ],
    [
      'an output wider than the targets',
      [
        'model-input/in-1',
        'model-input/in-2',
        'model-input/t-1',
        'model-output/0',
        'model-output/1',
        'model-output/2',
      ],
    ],
    ['a group this client does not know, over target tags', [...anomalyAnswer, 'new-group/t-2', 'new-total']],
  ])('accepts %s', (_what, labels) => {
    expect(columnMismatch(frame(...labels), expected)).toBeUndefined();
  });

  it('accepts an empty frame (no rows, no columns): the caller reports it has nothing to store', () => {
    expect(
      columnMismatch({ index: new Float64Array(0), end: new Float64Array(0), columns: [] }, expected),
    ).toBe(undefined);
  });

  it.each([
    [
      'columns for tags the model does not have',
      anomalyAnswer.map((l) => l.replace('t-2', 'other-2')),
      {
        unexpected: [
          'model-output/other-2',
          'tag-anomaly-scaled/other-2',
          'tag-anomaly-unscaled/other-2',
          'anomaly-confidence/other-2',
        ],
        missing: [
          'model-output/t-2',
          'tag-anomaly-scaled/t-2',
          'tag-anomaly-unscaled/t-2',
          'anomaly-confidence/t-2',
        ],
      },
    ],
    [
      'an input tag missing from model-input',
      anomalyAnswer.filter((l) => l !== 'model-input/in-2'),
      { unexpected: [], missing: ['model-input/in-2'] },
    ],
    [
      'a target tag missing from one anomaly group',
      anomalyAnswer.filter((l) => l !== 'tag-anomaly-unscaled/t-1'),
      { unexpected: [], missing: ['tag-anomaly-unscaled/t-1'] },
    ],
    [
      'no model-output',
      anomalyAnswer.filter((l) => !l.startsWith('model-output')),
      { unexpected: [], missing: ['model-output'] },
    ],
    [
      'no model-input',
      anomalyAnswer.filter((l) => !l.startsWith('model-input')),
      { unexpected: [], missing: ['model-input'] },
    ],
    [
      'a named column in a total group',
      [...anomalyAnswer.filter((l) => l !== 'total-anomaly-scaled'), 'total-anomaly-scaled/t-1'],
      { unexpected: ['total-anomaly-scaled/t-1'], missing: ['total-anomaly-scaled'] },
    ],
    [
      'numbered output columns as wide as the targets (the server names those by tag)',
      [...anomalyAnswer.filter((l) => !l.startsWith('model-output')), 'model-output/0', 'model-output/1'],
      { unexpected: ['model-output/0', 'model-output/1'], missing: ['model-output/t-1', 'model-output/t-2'] },
    ],
    [
      'an unknown group over a tag the model does not have',
      [...anomalyAnswer, 'new-group/elsewhere'],
      { unexpected: ['new-group/elsewhere'], missing: [] },
    ],
  ])('reports %s', (_what, labels, mismatch) => {
    expect(columnMismatch(frame(...labels), expected)).toEqual(mismatch);
  });
});

describe('columnMismatch order', () => {
  it("lists the problems in the server's group order, whatever order JSON gave the groups in", () => {
    const sortedAsJson = anomalyAnswer.map((l) => l.replace(/t-(\d)$/, 'x-$1')).sort();
    const mismatch = columnMismatch(frame(...sortedAsJson), expected);
    expect(mismatch?.unexpected.slice(0, 2)).toEqual(['model-input/x-1', 'model-output/x-1']);
    expect(mismatch?.missing.slice(0, 3)).toEqual([
      'model-input/t-1',
      'model-output/t-1',
      'model-output/t-2',
    ]);
  });
});

describe('someOf', () => {
  it('quotes a few names and counts the rest', () => {
    expect(someOf(['a', 'b'])).toBe('"a", "b"');
    expect(someOf(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('"a", "b", "c", "d" and 2 more');
  });
});
