import { formatDataTime, parseTime } from './time-parsing';

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
});
