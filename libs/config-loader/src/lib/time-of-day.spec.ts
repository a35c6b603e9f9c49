import { parseTimeOfDay, TimeOfDayError } from './time-of-day';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('parseTimeOfDay', () => {
  it.each([
    ['08:00', 8 * HOUR],
    ['00:00', 0],
    ['23:59', 23 * HOUR + 59 * MINUTE],
    ['8:00', 8 * HOUR],
    ['8:5', 8 * HOUR + 5 * MINUTE],
    ['12:30', 12 * HOUR + 30 * MINUTE],
  ])('reads %p as %p ms after midnight UTC, as strptime("%%H:%%M") did', (text, ms) => {
    expect(parseTimeOfDay(text)).toBe(ms);
  });

  it.each(['08:00:00', '24:00', '08:60', '8am', '', ' 08:00', '08:00 ', '0800', '-1:00', '008:00'])(
    'rejects %p like strptime("%%H:%%M") did',
    (text) => {
      expect(() => parseTimeOfDay(text)).toThrow(TimeOfDayError);
    },
  );

  it('quotes the text and shows the expected form', () => {
    expect(() => parseTimeOfDay('24:00')).toThrow(
      'could not parse "24:00" as a time of day: expected HH:MM (UTC), 00:00 to 23:59, e.g. "08:00"',
    );
  });
});
