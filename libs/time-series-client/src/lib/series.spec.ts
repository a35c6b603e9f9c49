import { formatApiTime, parseApiTime, parseUtcTime } from './series';

describe('parseApiTime', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  it('parses the API formats exactly as Date.parse does, to the millisecond', () => {
    for (const time of [
      '2024-01-08T10:00:00.0000000Z',
      '2024-01-08T10:00:00.1239999Z',
      '2024-01-08T10:00:00.9999999Z',
      '2024-02-29T23:59:59.999Z',
      '2024-01-08T10:00:00Z',
      '2024-01-08T10:00:00.1Z',
      '2024-01-08T10:00:00.12Z',
      '2024-01-08T10:00:00.123456789Z',
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '0100-03-01T00:00:00Z',
      '9999-12-31T23:59:59.9999999Z',
    ]) {
      expect(parseUtcTime(time)).toBe(Date.parse(time));
      expect(parseApiTime(time)).toBe(Date.parse(time));
    }
  });

  it('agrees with Date.parse on every field in and out of range (days past the month end roll over)', () => {
    let fast = 0;
    for (const year of [100, 1600, 1899, 1900, 1970, 2000, 2023, 2024, 2100, 2400, 9999])
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++)
          for (const [h, m, s] of [
            [0, 0, 0],
            [23, 59, 59],
            [24, 0, 0],
            [12, 60, 0],
            [12, 0, 60],
          ])
            for (const fraction of ['', '.5', '.1234567']) {
              const time = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(h as number, 2)}:${pad(m as number, 2)}:${pad(s as number, 2)}${fraction}Z`;
              const parsed = parseUtcTime(time);
              if (parsed === undefined) continue;
              fast++;
              expect([time, parsed]).toEqual([time, Date.parse(time)]);
            }
    expect(fast).toBeGreaterThan(10_000);
  });

  it('leaves other shapes to Date.parse, and still rejects what is no time, naming it', () => {
    for (const time of [
      '2024-01-08T10:00:00+01:00',
      '2024-01-08T10:00:00.123-05:30',
      '2024-01-08t10:00:00z',
      '2024-01-08 10:00:00Z',
      '2024-01-08T10:00Z',
      '0099-01-08T10:00:00Z',
      '+002024-01-08T10:00:00Z',
      '2024-01-08T24:00:00Z',
      '2024-01-08T10:00:00.12345678901Z',
    ]) {
      expect(parseUtcTime(time)).toBeUndefined();
      expect(parseApiTime(time)).toBe(Date.parse(time));
    }
    for (const time of [
      '2024-01-32T10:00:00Z',
      '2024-13-08T10:00:00Z',
      '2024-01-08T10:00:00.Z',
      '2024-01-0xT10:00:00Z',
      'soon',
    ])
      expect(() => parseApiTime(time)).toThrow(`not an RFC 3339 time: ${JSON.stringify(time)}`);
  });

  it('reads back what formatApiTime writes', () => {
    for (const ms of [0, -1, 1704708000123, Date.UTC(2400, 1, 29, 23, 59, 59, 999)])
      expect(parseApiTime(formatApiTime(ms))).toBe(ms);
  });
});
