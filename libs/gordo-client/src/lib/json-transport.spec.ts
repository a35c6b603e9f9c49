import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { orderFrame } from './frame';
import { prepareInput } from './input';
import { decodeJsonResponse, encodeJsonRequest, ResponseShapeError } from './json-transport';
import { parseTolerantJson } from './tolerant-json';

const T0 = Date.UTC(2020, 1, 1);
const MIN10 = 600_000;

describe('encodeJsonRequest', () => {
  it('writes the Python client shape: tags in model order, rows keyed by pandas timestamps', () => {
    const frame = { index: [T0, T0 + MIN10], columns: { b: [0.5, 1], a: [1e-7, 2], extra: [9, 9] } };
    const body = encodeJsonRequest(prepareInput(frame, ['b', 'a'], 'X'), prepareInput(frame, ['a'], 'y'));
    const parsed = JSON.parse(body) as Record<string, Record<string, Record<string, number>>>;
    expect(parsed).toEqual({
      X: {
        b: { '2020-02-01 00:00:00+00:00': 0.5, '2020-02-01 00:10:00+00:00': 1 },
        a: { '2020-02-01 00:00:00+00:00': 1e-7, '2020-02-01 00:10:00+00:00': 2 },
      },
      y: { a: { '2020-02-01 00:00:00+00:00': 1e-7, '2020-02-01 00:10:00+00:00': 2 } },
    });
    expect(Object.keys(parsed['X'] ?? {})).toEqual(['b', 'a']);
  });
});

describe('decodeJsonResponse', () => {
  it('decodes a recorded anomaly response: NaN, single-column groups as "", end as epoch ms, time-seconds', () => {
    const text = readFileSync(join(__dirname, '__fixtures__', 'diff-10tags-anomaly.json'), 'utf8');
    const { frame, serverSeconds } = decodeJsonResponse(parseTolerantJson(text));
    expect(serverSeconds).toBeGreaterThan(0);
    expect(frame.index).toEqual(Float64Array.from({ length: 6 }, (_, i) => T0 + i * MIN10));
    expect(frame.end).toEqual(frame.index.map((t) => t + MIN10));
    const total = frame.columns.find((c) => c.group === 'smooth-total-anomaly-scaled');
    expect(total?.name).toBe('');
    expect(Array.from(total?.values ?? [], Number.isNaN)).toEqual([true, true, true, true, true, false]);
    expect(frame.columns.some((c) => c.group === 'start' || c.group === 'end')).toBe(false);
    // The server sorted the tag keys as strings; ordering restores the metadata order.
    const inputs = frame.columns.filter((c) => c.group === 'model-input').map((c) => c.name);
    expect(inputs.slice(0, 3)).toEqual(['tag-1', 'tag-10', 'tag-2']);
    const tags = Array.from({ length: 10 }, (_, i) => `tag-${i + 1}`);
    const ordered = orderFrame(frame, { inputTags: tags, targetTags: tags.slice(0, 4) });
    expect([...(ordered.columns.get('model-input')?.keys() ?? [])]).toEqual(tags);
    // Row 0 of the recorded input (see __fixtures__/README.md): values travel with their names.
    expect(ordered.columns.get('model-input')?.get('tag-2')?.[0]).toBe(0.9505);
    expect(ordered.columns.get('model-input')?.get('tag-10')?.[0]).toBe(0.0276);
  });

  it('maps null to NaN and puts rows that arrive out of order back in time order', () => {
    const body = {
      data: {
        end: { end: { '2020-02-01 00:10:00+00:00': null, '2020-02-01 00:00:00+00:00': null } },
        'model-output': { a: { '2020-02-01 00:10:00+00:00': 2, '2020-02-01 00:00:00+00:00': null } },
        start: {
          start: {
            '2020-02-01 00:10:00+00:00': '2020-02-01T00:10:00+00:00',
            '2020-02-01 00:00:00+00:00': '2020-02-01T00:00:00+00:00',
          },
        },
      },
    };
    const { frame } = decodeJsonResponse(body);
    expect(frame.index).toEqual(Float64Array.from([T0, T0 + MIN10]));
    expect(frame.columns).toEqual([
      { group: 'model-output', name: 'a', values: Float64Array.from([NaN, 2]) },
    ]);
  });

  it.each([
    ['no data', { revision: '1' }, /no "data"/],
    ['positional rows', { data: { 'model-output': { a: { '0': 1 } } } }, /"0" is not a timestamp/],
    ['a string value', { data: { 'model-output': { a: { '2020-02-01 00:00:00': 'x' } } } }, /not a number/],
    [
      'a row the index lacks',
      { data: { g: { a: { '2020-02-01 00:00:00': 1 }, b: { '2020-02-01 00:10:00': 1 } } } },
      /lacks/,
    ],
  ])('rejects %s as a shape error', (_what, body, message) => {
    expect(() => decodeJsonResponse(body)).toThrow(ResponseShapeError);
    expect(() => decodeJsonResponse(body)).toThrow(message);
  });
});
