import { isSecretKey, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it.each(['client_secret', 'password', 'CACHE_PASSWORD', 'connection_string', 'Ocp-Apim-Subscription-Key', 'authorization', 'access_token', 'SharedAccessKey'])(
    'treats %s as secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );
  it.each(['client_id', 'tenant', 'base_url', 'model_name', 'task_id'])('leaves %s alone', (key) => expect(isSecretKey(key)).toBe(false));

  it('copies without mutating and survives cycles', () => {
    const input: Record<string, unknown> = { token: 't', list: [{ password: 'p' }], n: 1 };
    input['self'] = input;
    expect(redactSecrets(input)).toEqual({ token: '<redacted>', list: [{ password: '<redacted>' }], n: 1, self: '[Circular]' });
    expect(input['token']).toBe('t');
  });
});
