import { ClientSecretCredential } from '@azure/identity';
import { Agent, request } from 'undici';
import { TokenEmulator, DEFAULT_CLIENT, DEFAULT_TENANT_ID } from './token-emulator';

describe('TokenEmulator', () => {
  let emulator: TokenEmulator;
  let dispatcher: Agent;

  beforeAll(async () => {
    emulator = new TokenEmulator({ tokenLifetimeSeconds: 3600 });
    await emulator.listen();
    dispatcher = new Agent({ connect: { ca: emulator.tls.caCert } });
  });
  afterAll(async () => {
    await dispatcher.close();
    await emulator.close();
  });

  const credential = (secret = DEFAULT_CLIENT.clientSecret) =>
    new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT.clientId, secret, {
      authorityHost: emulator.url,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: emulator.tls.caCert },
    });

  it('issues a token that the real @azure/identity ClientSecretCredential accepts, with the requested audience', async () => {
    const token = await credential().getToken('api://timeseries/.default');
    expect(token.token.split('.')).toHaveLength(3);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000_000);
    const check = emulator.authority.verify(`Bearer ${token.token}`, ['api://timeseries']);
    expect(check.ok).toBe(true);
    expect(emulator.server.requests.count('POST /:tenant/oauth2/v2.0/token')).toBe(1);
  });

  it('refuses a wrong client secret with the Azure AD error that @azure/identity reports', async () => {
    await expect(credential('wrong').getToken('api://timeseries/.default')).rejects.toThrow(/AADSTS7000215/);
  });

  it('answers the ADAL v1 token request of the Python original (resource=, expires_in as a string)', async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEFAULT_CLIENT.clientId,
      client_secret: DEFAULT_CLIENT.clientSecret,
      resource: 'metadata-api',
    });
    const res = await request(`${emulator.url}/${DEFAULT_TENANT_ID}/oauth2/token`, {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      dispatcher,
    });
    const body = (await res.body.json()) as Record<string, string>;
    expect(res.statusCode).toBe(200);
    expect(body['expires_in']).toBe('3600');
    expect(emulator.authority.verify(`Bearer ${body['access_token']}`, ['metadata-api']).ok).toBe(true);
    expect(emulator.authority.verify(`Bearer ${body['access_token']}`, ['other']).ok).toBe(false);
  });

  it('invalidates earlier tokens on revokeIssuedTokens, so clients must fetch new ones', async () => {
    const before = await credential().getToken('api://x/.default');
    emulator.authority.revokeIssuedTokens();
    expect(emulator.authority.verify(`Bearer ${before.token}`)).toEqual({
      ok: false,
      reason: 'Access token has expired.',
    });
  });

  it('answers an unknown tenant with AADSTS90002', async () => {
    const res = await request(`${emulator.url}/other-tenant/v2.0/.well-known/openid-configuration`, {
      dispatcher,
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(await res.body.json())).toContain('AADSTS90002');
  });
});
