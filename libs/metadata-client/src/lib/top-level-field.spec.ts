import { readTopLevelField } from './top-level-field';

describe('readTopLevelField', () => {
  const record = {
    description: 'braces } ] { [ and a quote \\" and the text "model_id": 7 inside',
    input_tags: [{ name: 'a', time_series_id: 'x', model_id: 'nested, not this one' }],
    labels: null,
    nested: { model_id: 99, list: [[1, 2], { a: '}' }] },
    ratio: -1.5e-3,
    ok: true,
  };

  it.each([
    ['compact, last', JSON.stringify({ ...record, model_id: 1226976 }), 1226976],
    ['pretty-printed, first', JSON.stringify({ model_id: 5, ...record }, null, 4), 5],
    ['a string id in the middle', JSON.stringify({ ...record, model_id: 'abc-1', after: [1] }), 'abc-1'],
  ])('finds the top-level member, not a nested one or text in a string (%s)', (_, text, expected) => {
    expect(readTopLevelField(text, 'model_id')).toBe(expected);
    // What the full parse says, for the record.
    expect((JSON.parse(text) as { model_id: unknown }).model_id).toBe(expected);
  });

  it('takes the last of a repeated member, as JSON.parse does', () => {
    const text = '{"model_id": 1, "a": [], "model_id": 2}';
    expect(readTopLevelField(text, 'model_id')).toBe(2);
    expect((JSON.parse(text) as { model_id: unknown }).model_id).toBe(2);
  });

  it.each([
    ['no such member', JSON.stringify(record)],
    ['only nested ones', JSON.stringify({ a: { model_id: 1 } })],
    ['not an object', '[{"model_id": 1}]'],
    ['cut short before it', '{"description": "x", "input_tags": [1, 2'],
    ['an unterminated string', '{"description": "x'],
    ['an empty value', '{"a": , "model_id": 1}'],
    ['cut short after it', '{"model_id": 1, "description": "x", "input_tags": [1, 2'],
    ['cut short right after it', '{"model_id": 1'],
    ['a trailing comma', '{"model_id": 1,}'],
    ['text after the object', '{"model_id": 1} {"model_id": 2}'],
    ['an empty object', '{}'],
  ])('is undefined when it cannot say (%s): the caller parses the whole text', (_, text) => {
    expect(readTopLevelField(text, 'model_id')).toBeUndefined();
  });
});
