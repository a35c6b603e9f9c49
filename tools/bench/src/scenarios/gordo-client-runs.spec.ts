import { headerRecord, serverTimingMs } from './gordo-client-runs';

describe('headerRecord', () => {
  it('reads the flat array undici keeps, leaving out what undici sets for a new request', () => {
    expect(
      headerRecord(['content-type', 'multipart/form-data; boundary=x', 'content-length', '12', 'host', 'h']),
    ).toEqual({ 'content-type': 'multipart/form-data; boundary=x' });
  });

  it('reads raw header lines', () => {
    expect(headerRecord('accept: application/json\r\nContent-Length: 3\r\nx-a: b: c\r\n')).toEqual({
      accept: 'application/json',
      'x-a': 'b: c',
    });
  });

  it('is empty without headers', () => {
    expect(headerRecord(undefined)).toEqual({});
  });
});

describe('serverTimingMs', () => {
  it('reads the duration in seconds as milliseconds', () => {
    expect(serverTimingMs('request_walltime_s;dur=0.0123')).toBeCloseTo(12.3);
    expect(serverTimingMs(undefined)).toBe(0);
  });
});
