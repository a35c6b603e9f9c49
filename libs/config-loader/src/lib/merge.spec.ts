import { mergeLayers } from './merge';

describe('mergeLayers', () => {
  it('merges mappings key by key and replaces lists and scalars', () => {
    const merged = mergeLayers([
      { file: 'defaults.yaml', data: { a: { x: 1, y: [1, 2], z: 'keep' } } },
      { file: 'override.yaml', data: { a: { x: 2, y: [3] } } },
    ]);
    expect(merged.data).toEqual({ a: { x: 2, y: [3], z: 'keep' } });
  });

  it('lets an override set false, 0, empty string and null (the original skipped them)', () => {
    const merged = mergeLayers([
      { file: 'd', data: { s: { on: true, n: 5, text: 'x', maybe: 'y' } } },
      { file: 'o', data: { s: { on: false, n: 0, text: '', maybe: null } } },
    ]);
    expect(merged.data).toEqual({ s: { on: false, n: 0, text: '', maybe: null } });
  });

  it('treats dotted keys as single keys', () => {
    const merged = mergeLayers([
      { file: 'd', data: { task_queue: { 'security.protocol': 'SASL_SSL', 'group.id': '1' } } },
      { file: 'o', data: { task_queue: { 'group.id': 'latigo' } } },
    ]);
    expect(merged.data).toEqual({ task_queue: { 'security.protocol': 'SASL_SSL', 'group.id': 'latigo' } });
    expect(merged.sourceOf(['task_queue', 'group.id'])).toBe('o');
    expect(merged.sourceOf(['task_queue', 'security.protocol'])).toBe('d');
  });

  it('reports the file of the nearest set ancestor, and forgets keys a replacement removed', () => {
    const merged = mergeLayers([
      { file: 'd', data: { a: { list: [{ k: 1 }] } } },
      { file: 'o', data: { a: { list: [] } } },
    ]);
    expect(merged.sourceOf(['a', 'list', 0, 'k'])).toBe('o');
    expect(merged.sourceOf(['nothing'])).toBeUndefined();
  });
});
