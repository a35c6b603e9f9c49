import { DurationError, parseDuration } from './duration';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function rejection(text: string): DurationError {
  try {
    parseDuration(text);
  } catch (error) {
    if (error instanceof DurationError) return error;
    throw error;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * MINUTE],
    ['30min', 30 * MINUTE],
    ['30T', 30 * MINUTE],
    ['3h', 3 * HOUR],
    ['1d', DAY],
    ['1h30m', 90 * MINUTE],
    ['1.5h', 90 * MINUTE],
    ['90s', 90 * SECOND],
    ['2W', 14 * DAY],
    ['00:30:00', 30 * MINUTE],
    ['1 days 02:00:00', 26 * HOUR],
    ['PT30M', 30 * MINUTE],
  ])('accepts the form the original accepted: %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['5m', 5 * MINUTE],
    ['3H', 3 * HOUR],
    ['1D', DAY],
    ['30MIN', 30 * MINUTE],
    ['1h 30m', 90 * MINUTE],
    ['1 hour 30 minutes', 90 * MINUTE],
    ['2 days', 2 * DAY],
    ['1 day, 2:00:00', 26 * HOUR],
    ['100:00:00', 100 * HOUR],
    ['00:00:01.5', 1500],
    ['250ms', 250],
    ['1500000us', 1500],
    ['2000000ns', 2],
    ['1.1h', 66 * MINUTE],
    [' 30m ', 30 * MINUTE],
    ['+30m', 30 * MINUTE],
    ['P1D', DAY],
    ['P2W', 14 * DAY],
    ['P1DT2H30M', 26 * HOUR + 30 * MINUTE],
    ['PT1.5S', 1500],
    ['pt30m', 30 * MINUTE],
    ['0', 0],
    ['0s', 0],
  ])('accepts the other pandas spellings, case and spacing: %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    '',
    '   ',
    '5x',
    'm',
    'h30',
    '30 m m',
    '00:30',
    '1:2',
    '02:00:00 1h',
    'P',
    'PT',
    'P1DT',
    'NaT',
    '1e3s',
    '.5h',
  ])('rejects %p as unparseable, quoting it and showing examples', (text) => {
    const error = rejection(text);
    expect(error.code).toBe('DURATION_UNPARSEABLE');
    expect(error.message).toContain(`could not parse "${text}" as a duration`);
    expect(error.message).toContain('(examples: 30m, 1h30m, 00:30:00)');
  });

  it('names an unknown unit', () => {
    expect(rejection('5x').message).toContain('unknown unit "x"');
  });

  it.each(['-1h', '-00:30:00', ' -30m'])('rejects a negative duration: %p', (text) => {
    expect(rejection(text)).toMatchObject({ code: 'DURATION_NEGATIVE', text });
  });

  it.each(['30M', '1Y', '2y', 'P1M', 'P1Y', 'P1Y2M'])(
    'rejects months and years, which have no fixed length: %p',
    (text) => {
      expect(rejection(text).code).toBe('DURATION_AMBIGUOUS_UNIT');
    },
  );

  it('explains that M is ambiguous and suggests m for minutes', () => {
    expect(rejection('30M').message).toBe(
      '"30M": M could mean months or minutes; write m or min for minutes',
    );
  });

  it.each(['30', '1800', '1.5'])(
    'rejects a bare number other than 0, which pandas read as nanoseconds: %p',
    (text) => {
      const error = rejection(text);
      expect(error.code).toBe('DURATION_NO_UNIT');
      expect(error.message).toContain('nanoseconds');
      expect(error.message).toContain(`"${text}m"`);
    },
  );

  it.each(['1us', '1.5ms', '0.0001s', '00:00:00.0005', '0.5ns'])(
    'rejects a value finer than a millisecond: %p',
    (text) => {
      expect(rejection(text).code).toBe('DURATION_SUB_MILLISECOND');
    },
  );

  it('rejects a duration longer than a JavaScript number holds exactly', () => {
    expect(parseDuration('1000000W')).toBe(1_000_000 * 7 * DAY);
    expect(rejection('100000000000W').code).toBe('DURATION_TOO_LONG');
  });
});
