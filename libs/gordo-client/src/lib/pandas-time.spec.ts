import { formatPandasTimestamp, parsePandasDuration, parsePandasTimestamp } from './pandas-time';

describe('parsePandasDuration', () => {
  it.each([
    ['10T', 600_000],
    ['1T', 60_000],
    ['T', 60_000],
    ['30min', 1_800_000],
    ['1H', 3_600_000],
    ['1h', 3_600_000],
    ['48H', 172_800_000],
    ['1D', 86_400_000],
    ['10S', 10_000],
    ['10s', 10_000],
    ['500ms', 500],
    ['1h30min', 5_400_000],
    ['1.5H', 5_400_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parsePandasDuration(text)).toEqual({ text, ms });
  });

  it.each(['', 'M', '1M', '1Y', 'B', '10 minutes', 'abc', '0T'])('rejects %j (no fixed length)', (text) => {
    expect(parsePandasDuration(text)).toBeUndefined();
  });
});

describe('pandas timestamps', () => {
  it('reads the forms Gordo writes: space or T, offset or none (UTC), fractions', () => {
    const t = Date.UTC(2020, 1, 1, 0, 10);
    expect(parsePandasTimestamp('2020-02-01 00:10:00+00:00')).toBe(t);
    expect(parsePandasTimestamp('2020-02-01T00:10:00+00:00')).toBe(t);
    expect(parsePandasTimestamp('2020-02-01 00:10:00')).toBe(t);
    expect(parsePandasTimestamp('2020-02-01T01:10:00+01:00')).toBe(t);
    expect(parsePandasTimestamp('2020-01-31T23:10:00-0100')).toBe(t);
    expect(parsePandasTimestamp('2020-02-01T00:10:00Z')).toBe(t);
    expect(parsePandasTimestamp('2020-02-01 00:10:00.250000+00:00')).toBe(t + 250);
  });

  it('reads the usual whole-second UTC form exactly as an ISO parser does, over years of seconds', () => {
    for (let t = Date.UTC(1999, 11, 31, 23, 59, 59); t < Date.UTC(2031, 0, 1); t += 7_777_777_000) {
      const iso = new Date(t).toISOString().slice(0, 19);
      expect(parsePandasTimestamp(`${iso}+00:00`)).toBe(t);
      expect(parsePandasTimestamp(`${iso.replace('T', ' ')}+00:00`)).toBe(t);
    }
    expect(parsePandasTimestamp('2020-02-01T00:10:0x+00:00')).toBeNaN();
    expect(parsePandasTimestamp('2020-02-01T00:10:00+00:0a')).toBeNaN();
  });

  it('gives NaN for what is not a timestamp (a positional row key)', () => {
    expect(parsePandasTimestamp('0')).toBeNaN();
    expect(parsePandasTimestamp('2020-02-01')).toBeNaN();
  });

  it('writes the Python client row keys and reads them back', () => {
    const t = Date.UTC(2020, 1, 1, 0, 10);
    expect(formatPandasTimestamp(t)).toBe('2020-02-01 00:10:00+00:00');
    expect(formatPandasTimestamp(t + 7)).toBe('2020-02-01 00:10:00.007000+00:00');
    expect(parsePandasTimestamp(formatPandasTimestamp(t + 7))).toBe(t + 7);
  });
});
