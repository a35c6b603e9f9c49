import {
  comparePythonStrings,
  dumpsPython,
  keysInOrder,
  parsePythonJson,
  pyFloatRepr,
  PyFloat,
  PythonJsonSyntaxError,
  type PyObject,
} from './json';

// Expected strings are what CPython 3.11 prints (repr / json.dumps) for the same values.

describe('pyFloatRepr', () => {
  it.each([
    [1.0, '1.0'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [1.2345678901234568e17, '1.2345678901234568e+17'],
    [0.1 + 0.2, '0.30000000000000004'],
    [-0.0, '-0.0'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [2.5e-5, '2.5e-05'],
    [-1.5e-7, '-1.5e-07'],
    [1e22, '1e+22'],
    [9999999999999998.0, '9999999999999998.0'],
    [0.000123, '0.000123'],
    [6.056860010250631e-5, '6.056860010250631e-05'],
    [1e-4 * 3, '0.00030000000000000003'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('writes %p as Python writes it: %s', (value, expected) => {
    expect(pyFloatRepr(value)).toBe(expected);
  });
});

describe('dumpsPython', () => {
  it('uses Python separators, escapes non-ASCII and control characters as \\uXXXX, and keeps whole floats as floats', () => {
    const value: PyObject = { b: 'æ😀\n\x7f"\\/', a: [1, new PyFloat(2), null, true] };
    expect(dumpsPython(value)).toBe(
      '{"b": "\\u00e6\\ud83d\\ude00\\n\\u007f\\"\\\\/", "a": [1, 2.0, null, true]}',
    );
  });

  it('sorts keys by code point like sort_keys=True (astral characters after the private-use area)', () => {
    expect(dumpsPython({ '😀': 1, '\ue000': 2, a: 3, Z: 4 }, { sortKeys: true })).toBe(
      '{"Z": 4, "a": 3, "\\ue000": 2, "\\ud83d\\ude00": 1}',
    );
    expect(['😀', '\ue000'].sort(comparePythonStrings)).toEqual(['\ue000', '😀']);
  });

  it('writes integers beyond 2^53 as integers and bare NaN for non-finite floats', () => {
    expect(dumpsPython([18446744073709551616n, 2 ** 64, new PyFloat(2 ** 64), NaN])).toBe(
      '[18446744073709551616, 18446744073709551616, 1.8446744073709552e+19, NaN]',
    );
  });
});

describe('parsePythonJson', () => {
  it('reads bare NaN and ±Infinity, and tells 2.0 (a float) from 2 (an int)', () => {
    const value = parsePythonJson('{"a": [NaN, Infinity, -Infinity, 2.0, 2, 1e2, 0.5]}') as PyObject;
    const a = value['a'] as unknown[];
    expect(a.slice(0, 3)).toEqual([NaN, Infinity, -Infinity]);
    expect(a[3]).toEqual(new PyFloat(2));
    expect(a[4]).toBe(2);
    expect(a[5]).toEqual(new PyFloat(100));
    expect(a[6]).toBe(0.5);
    expect(dumpsPython(value)).toBe('{"a": [NaN, Infinity, -Infinity, 2.0, 2, 100.0, 0.5]}');
  });

  it('keeps the sent order of integer-like keys, which JavaScript objects would reorder', () => {
    const value = parsePythonJson('{"10": 1, "2": 2, "b": 3, "a": 4}') as PyObject;
    expect(keysInOrder(value)).toEqual(['10', '2', 'b', 'a']);
    expect(dumpsPython(value)).toBe('{"10": 1, "2": 2, "b": 3, "a": 4}');
  });

  it('keeps a "__proto__" key as data, and the last value of a duplicate key at its first position', () => {
    const value = parsePythonJson('{"__proto__": {"x": 1}, "k": 1, "j": 2, "k": 3}') as PyObject;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(dumpsPython(value)).toBe('{"__proto__": {"x": 1}, "k": 3, "j": 2}');
  });

  it.each(['{"a": 1,}', "{'a': 1}", '[1 2]', '{"a": "x\ny"}', '01', '1.', '', 'nan', '"\\x41"'])(
    'rejects %p as json.loads does',
    (text) => {
      expect(() => parsePythonJson(text)).toThrow(PythonJsonSyntaxError);
    },
  );
});
