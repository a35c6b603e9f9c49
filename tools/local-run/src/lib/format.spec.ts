import { formatDuration, formatNumber, timestampFolder } from './format';

describe('format', () => {
  it.each([
    [850.4, '850 ms'],
    [4240, '4.2 s'],
    [30 * 60_000, '30 min'],
    [185_000, '3 min 05 s'],
    [Number.NaN, '–'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('rounds numbers without trailing zeros and makes timestamps usable as folder names', () => {
    expect([formatNumber(12), formatNumber(3.46), formatNumber(0.255, 2)]).toEqual(['12', '3.5', '0.26']);
    expect(timestampFolder(new Date('2026-03-01T08:15:30.123Z'))).toBe('2026-03-01T08-15-30Z');
  });
});
