import { formatIndexKeys, isoformat, parseIsoTimestamp, resolutionMicros } from './timestamps';

// Accepted and rejected spellings as observed on the real server (dateutil.isoparse behind it).

const key = (s: string) => {
  const t = parseIsoTimestamp(s);
  return t && { key: formatIndexKeys([t])[0], iso: isoformat(t) };
};

describe('parseIsoTimestamp', () => {
  it.each([
    ['2020-02-01X00:00:00Z', '2020-02-01 00:00:00+00:00', '2020-02-01T00:00:00+00:00'],
    ['2020-02-01 00:10Z', '2020-02-01 00:10:00+00:00', '2020-02-01T00:10:00+00:00'],
    ['2020-02-01T0010', '2020-02-01 00:10:00', '2020-02-01T00:10:00'],
    ['2020-02-01T00:10:00+0130', '2020-02-01 00:10:00+01:30', '2020-02-01T00:10:00+01:30'],
    ['2020-02-01T00:10:00-00:00', '2020-02-01 00:10:00+00:00', '2020-02-01T00:10:00+00:00'],
    ['2020-02-01T00:10:00z', '2020-02-01 00:10:00+00:00', '2020-02-01T00:10:00+00:00'],
    ['2020-W05-6', '2020-02-01', '2020-02-01T00:00:00'],
    ['2020-032', '2020-02-01', '2020-02-01T00:00:00'],
    ['2020-02', '2020-02-01', '2020-02-01T00:00:00'],
    ['2020', '2020-01-01', '2020-01-01T00:00:00'],
    ['20200201T001000Z', '2020-02-01 00:10:00+00:00', '2020-02-01T00:10:00+00:00'],
    ['2020-02-01T24:00:00', '2020-02-02', '2020-02-02T00:00:00'],
    ['2020-02-01T00:10:00,5', '2020-02-01 00:10:00.500', '2020-02-01T00:10:00.500000'],
    ['2020-02-01T00:10:00.1234567Z', '2020-02-01 00:10:00.123456+00:00', '2020-02-01T00:10:00.123456+00:00'],
  ])('reads %p as the server does (key %p, isoformat %p)', (input, expectedKey, expectedIso) => {
    expect(key(input)).toEqual({ key: expectedKey, iso: expectedIso });
  });

  it.each([
    '202002',
    '5',
    ' 2020-02-01',
    '2020-02-01T00:10:00 +01:00',
    '2020-02-01T00:10:00+01:00:30',
    '2020-02-30',
    '2020-02-01T24:00:01',
  ])('rejects %p', (input) => {
    expect(parseIsoTimestamp(input)).toBeUndefined();
  });
});

describe('formatIndexKeys', () => {
  const naive = (...inputs: string[]) =>
    formatIndexKeys(
      inputs.map((s) => parseIsoTimestamp(s) as NonNullable<ReturnType<typeof parseIsoTimestamp>>),
    );

  it('prints naive stamps with one format for all: dates only at midnight, else a shared fraction precision', () => {
    expect(naive('2020-02-01', '2020-02-02')).toEqual(['2020-02-01', '2020-02-02']);
    expect(naive('2020-02-01', '2020-02-02T00:10:00')).toEqual([
      '2020-02-01 00:00:00',
      '2020-02-02 00:10:00',
    ]);
    expect(naive('2020-02-01T00:00:00.5', '2020-02-02T00:10:00')).toEqual([
      '2020-02-01 00:00:00.500',
      '2020-02-02 00:10:00.000',
    ]);
    expect(naive('2020-02-01T00:00:00.123456789', '2020-02-02T00:10:00')).toEqual([
      '2020-02-01 00:00:00.123456',
      '2020-02-02 00:10:00.000000',
    ]);
  });

  it('prints tz-aware stamps one by one', () => {
    expect(naive('2020-02-01T00:00:00.001Z', '2020-02-02T00:10:00Z')).toEqual([
      '2020-02-01 00:00:00.001000+00:00',
      '2020-02-02 00:10:00+00:00',
    ]);
  });
});

describe('resolutionMicros', () => {
  it('reads pandas frequencies and refuses spans that are not fixed', () => {
    expect([
      resolutionMicros('10T'),
      resolutionMicros('1H'),
      resolutionMicros('15min'),
      resolutionMicros('30S'),
      resolutionMicros('M'),
      resolutionMicros(null),
    ]).toEqual([600_000_000, 3_600_000_000, 900_000_000, 30_000_000, null, null]);
  });
});
