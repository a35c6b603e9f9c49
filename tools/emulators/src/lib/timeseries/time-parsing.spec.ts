import { formatDataTime, formatDataTimeSlow, parseTime } from './time-parsing';

const INSTANT = Date.UTC(2020, 4, 30, 10, 10) * 1000;

describe('parseTime', () => {
  it.each([
    '2020-05-30T10:10:00Z',
    '2020-05-30T10:10Z',
    '2020-05-30T10:10:00.000000Z',
    '2020-05-30T10:10:00.0000000Z',
    '2020-05-30T11:10:00+01:00',
    '2020-05-30T08:40:00-0130',
    '2020-05-30 10:10:00+00:00',
    '2020-05-30T11:10:00 01:00',
    '2020-05-30T10:10:00',
    '2020-05-30t10:10:00z',
  ])('reads %s as the same instant', (text) => {
    expect(parseTime(text)).toBe(INSTANT);
  });

  it('answers repeated texts the same from its cache, refusals included', () => {
    for (const text of ['2020-05-30T10:10:00Z', '2020-13-01', '2020-05-30T10:10:00.1234567Z']) {
      const first = parseTime(text);
      expect(parseTime(text)).toBe(first);
      expect(parseTime(` ${text} `)).toBe(first);
    }
  });

  it('reads a date alone as midnight UTC', () => {
    expect(parseTime('2021-03-20')).toBe(Date.UTC(2021, 2, 20) * 1000);
  });

  it('keeps microseconds and drops the 7th fraction digit', () => {
    expect(parseTime('2020-05-30T10:10:00.123456Z')).toBe(INSTANT + 123_456);
    expect(parseTime('2020-05-30T10:10:00.1234567Z')).toBe(INSTANT + 123_456);
  });

  it.each(['2021-02-29T00:00:00Z', '2020-05-30T24:00:00Z', '2020-13-01', 'yesterday', '1590833400', ''])(
    'refuses %j',
    (text) => {
      expect(parseTime(text)).toBeUndefined();
    },
  );
});

describe('formatDataTime', () => {
  it('writes UTC with a 7-digit fraction, so the API example round-trips', () => {
    const text = '2021-02-01T09:54:05.4200000Z';
    expect(formatDataTime(parseTime(text) ?? Number.NaN)).toBe(text);
    expect(formatDataTime(INSTANT + 123_456)).toBe('2020-05-30T10:10:00.1234560Z');
  });
  it('formats like the general Date-based routine, on and off its arithmetic path', () => {
    const times = [
      0,
      1,
      999,
      1000,
      INSTANT + 123_456,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999) * 1000 + 999,
      Date.UTC(2024, 2, 1) * 1000,
      Date.UTC(9999, 11, 31, 23, 59, 59, 999) * 1000 + 999,
      Date.UTC(10_000, 0, 1) * 1000,
      -1,
      -86_400_000_001,
      1.5,
      INSTANT + 0.25,
    ];
    let t = Date.UTC(1999, 11, 31) * 1000;
    for (let i = 0; i < 2000; i++) {
      t += 7_919_999_937;
      times.push(t);
    }
    for (const micros of times)
      expect([micros, formatDataTime(micros)]).toEqual([micros, formatDataTimeSlow(micros)]);
  });
});
