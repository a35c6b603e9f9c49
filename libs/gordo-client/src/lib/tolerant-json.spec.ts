import { parseTolerantJson } from './tolerant-json';

describe('parseTolerantJson', () => {
  it('reads bare NaN, Infinity and -Infinity as numbers, as Python json.dumps writes them', () => {
    expect(parseTolerantJson('{"a": NaN, "b": [Infinity, -Infinity, 1.5], "c": {"d": NaN}}')).toEqual({
      a: NaN,
      b: [Infinity, -Infinity, 1.5],
      c: { d: NaN },
    });
  });

  it('leaves the same words inside strings alone, escaped quotes included', () => {
    const text =
      '{"NaN": "NaN", "s": "say \\"NaN\\" or Infinity", "t": "\\\\", "v": NaN, "Infinity": -Infinity}';
    expect(parseTolerantJson(text)).toEqual({
      NaN: 'NaN',
      s: 'say "NaN" or Infinity',
      t: '\\',
      v: NaN,
      Infinity: -Infinity,
    });
  });

  it('parses valid JSON exactly like JSON.parse', () => {
    const text = '{"data": {"x": {"2020-01-01 00:00:00+00:00": null}}, "n": [1e-7, -0, 2]}';
    expect(parseTolerantJson(text)).toEqual(JSON.parse(text));
  });

  it('still rejects malformed JSON, with or without non-finite tokens', () => {
    expect(() => parseTolerantJson('{"a": 1,}')).toThrow(SyntaxError);
    expect(() => parseTolerantJson('{"a": NaN,}')).toThrow(SyntaxError);
    expect(() => parseTolerantJson('<html>Sign in</html>')).toThrow(SyntaxError);
  });
});
