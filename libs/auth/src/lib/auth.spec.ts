import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bearerGuard,
  DEFAULT_CLIENT,
  DEFAULT_TENANT_ID,
  EmulatorServer,
  json,
  TokenEmulator,
} from '@latigo/emulators';
import { HttpService } from '@latigo/http-client';
import { Agent } from 'undici';
import { BearerAuthenticator } from './bearer-authenticator';
import { createTokenProvider, type AuthSettings } from './create-token-provider';
import { verifyAuth } from './verify-auth';

const RESOURCE = 'api://omnia-timeseries';
const SUBSCRIPTION_KEY = 'apim-key-do-not-print';

describe('auth against the token emulator and a protected API (real @azure/identity, real sockets)', () => {
  let tokens: TokenEmulator;
  let api: EmulatorServer;
  let dispatcher: Agent;

  beforeAll(async () => {
    tokens = new TokenEmulator();
    await tokens.listen();
    api = new EmulatorServer({
      name: 'api',
      guard: bearerGuard(tokens.authority, { audiences: [RESOURCE], subscriptionKey: SUBSCRIPTION_KEY }),
    });
    api.route('GET', '/whoami', () => json(200, { projects: ['p1'] }));
    await api.listen();
    dispatcher = new Agent();
  });
  afterAll(async () => {
    await dispatcher.close();
    await api.close();
    await tokens.close();
  });
  beforeEach(() => {
    api.requests.reset();
    api.faults.clear();
    tokens.authority.tokenLifetimeSeconds = 3600;
  });

  const settings = (extra: Partial<AuthSettings> = {}): AuthSettings => ({
    resource: RESOURCE,
    tenant: DEFAULT_TENANT_ID,
    client_id: DEFAULT_CLIENT.clientId,
    client_secret: DEFAULT_CLIENT.clientSecret,
    authority_host_url: tokens.url,
    ...extra,
  });
  const serviceWith = (
    auth: AuthSettings | undefined,
    headers: Record<string, string> = { 'Ocp-Apim-Subscription-Key': SUBSCRIPTION_KEY },
  ) =>
    new HttpService({
      service: 'api',
      baseUrl: `${api.url}/whoami`,
      dispatcher,
      retry: { maxAttempts: 1 },
      authenticator: new BearerAuthenticator(
        auth && createTokenProvider(auth, { where: 'sensor_data.auth', tlsCa: tokens.tls.caCert }),
        headers,
      ),
    });

  it('calls a protected API with a client-secret token and the auto-added subscription key', async () => {
    await expect(serviceWith(settings()).json({ method: 'GET', path: '' })).resolves.toEqual({
      projects: ['p1'],
    });
  });

  it('is refused by the API without a token', async () => {
    await expect(serviceWith(undefined).call({ method: 'GET', path: '' })).rejects.toMatchObject({
      context: {
        status: 401,
        bodyExcerpt: '{"statusCode":401,"message":"Unauthorized. Access token is missing or invalid."}',
      },
    });
  });

  it('is refused without the subscription key', async () => {
    await expect(serviceWith(settings(), {}).call({ method: 'GET', path: '' })).rejects.toMatchObject({
      context: { status: 401 },
    });
  });

  it('gets a new token after the API answers 401 to a revoked one, and succeeds', async () => {
    const service = serviceWith(settings());
    await service.call({ method: 'GET', path: '' });
    const issued = tokens.authority.issuedCount;
    tokens.authority.revokeIssuedTokens();
    await expect(service.json({ method: 'GET', path: '' })).resolves.toEqual({ projects: ['p1'] });
    expect(tokens.authority.issuedCount).toBe(issued + 1);
    expect(api.requests.snapshot().routes['GET /whoami']?.statuses).toEqual({ '200': 2, '401': 1 });
  });

  it('renews an expired token through the SDK before calling', async () => {
    tokens.authority.tokenLifetimeSeconds = 2;
    const service = serviceWith(settings());
    await service.call({ method: 'GET', path: '' });
    const issued = tokens.authority.issuedCount;
    await new Promise((r) => setTimeout(r, 2100)); // the emulator now rejects the first token as expired
    await service.call({ method: 'GET', path: '' });
    expect(tokens.authority.issuedCount).toBe(issued + 1);
    expect(api.requests.snapshot().routes['GET /whoami']?.statuses).toEqual({ '200': 2 });
  });

  it('reports a wrong client secret with the AADSTS code and without the secret', async () => {
    const error = await serviceWith(settings({ client_secret: 'wrong-secret-do-not-print' }))
      .call({ method: 'GET', path: '' })
      .catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'AUTH_TOKEN_FAILED' });
    expect((error as Error).message).toMatch(
      /^sensor_data\.auth: could not get a token for scope api:\/\/omnia-timeseries\/\.default: .*AADSTS7000215/,
    );
    expect((error as Error).message).not.toContain('wrong-secret-do-not-print');
  });

  it('names every missing key of the chosen method', () => {
    expect(() =>
      createTokenProvider({ method: 'client_secret', client_id: 'x' }, { where: 'model_info.auth' }),
    ).toThrow(
      'model_info.auth: method client_secret needs model_info.auth.resource, model_info.auth.tenant, model_info.auth.client_secret',
    );
    expect(createTokenProvider({ resource: RESOURCE }, { where: 'model_info.auth' })).toBeUndefined();
  });

  it('uses workload identity: the federated token file is exchanged for an access token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latigo-wi-'));
    writeFileSync(join(dir, 'token'), 'eyJ.federated.token');
    process.env['AZURE_FEDERATED_TOKEN_FILE'] = join(dir, 'token');
    try {
      const wi = settings({ method: 'workload_identity', client_secret: undefined });
      await expect(serviceWith(wi).json({ method: 'GET', path: '' })).resolves.toEqual({ projects: ['p1'] });
    } finally {
      delete process.env['AZURE_FEDERATED_TOKEN_FILE'];
    }
  });

  describe('verifyAuth (the original verification_url / verification_element)', () => {
    it('passes when the element is in the JSON answer', async () => {
      await expect(
        verifyAuth({ service: serviceWith(settings()), where: 'model_info.auth', element: 'projects' }),
      ).resolves.toBeUndefined();
    });

    it('fails fast on a 200 sign-in page', async () => {
      api.faults.add({ route: '*', htmlPageRate: 1 });
      await expect(
        verifyAuth({ service: serviceWith(settings()), where: 'model_info.auth', element: 'projects' }),
      ).rejects.toMatchObject({
        code: 'AUTH_VERIFICATION_FAILED',
        message: expect.stringMatching(
          /^model_info\.auth: verification answer was not JSON \(a sign-in page\?\), text\/html: <!DOCTYPE html>/,
        ),
      });
    });

    it('fails when the element is missing, and on an error status', async () => {
      await expect(
        verifyAuth({ service: serviceWith(settings()), where: 'a.auth', element: 'models' }),
      ).rejects.toThrow("a.auth: expected JSON element 'models' not found in the verification answer");
      await expect(verifyAuth({ service: serviceWith(undefined), where: 'a.auth' })).rejects.toThrow(
        /^a\.auth: verification failed: api: GET \/whoami answered 401/,
      );
    });
  });
});
