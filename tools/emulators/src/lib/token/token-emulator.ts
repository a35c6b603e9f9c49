import type { Emulator } from '../emulator';
import { EmulatorServer } from '../http/emulator-server';
import { json } from '../http/responses';
import { generateTlsMaterial, type TlsMaterial } from './certificates';
import { TokenAuthority, type TokenAuthorityOptions } from './token-authority';

export interface TokenEmulatorOptions extends Partial<TokenAuthorityOptions> {
  /** TLS material; generated when omitted (MSAL only talks to https authorities). */
  tls?: TlsMaterial;
  faultSeed?: number;
}

export const DEFAULT_TENANT_ID = '00000000-0000-4000-8000-00000000aad0';
export const DEFAULT_CLIENT = { clientId: 'latigo-test-client', clientSecret: 'latigo-test-secret' };

/**
 * The Azure AD (Entra ID) token endpoints Latigo's credentials use, over https:
 * - OpenID discovery `GET /{tenant}/v2.0/.well-known/openid-configuration` and the v2 token
 *   endpoint `POST /{tenant}/oauth2/v2.0/token` (client secret or client assertion, scope
 *   `<resource>/.default`), which `@azure/identity` uses with `authorityHost` set to this server
 *   and instance discovery disabled;
 * - the ADAL v1 endpoint `POST /{tenant}/oauth2/token` (`resource=`), which the Python original used;
 * - an App Service style managed identity endpoint `GET /msi/token` (`X-IDENTITY-HEADER`).
 * Errors follow Azure AD's `{error, error_description}` bodies with AADSTS codes.
 */
export class TokenEmulator implements Emulator {
  readonly authority: TokenAuthority;
  readonly tls: TlsMaterial;
  readonly server: EmulatorServer;
  /** The secret ManagedIdentityCredential must send as `X-IDENTITY-HEADER`. */
  readonly identityHeader = 'latigo-emulated-identity-header';

  constructor(options: TokenEmulatorOptions = {}) {
    this.authority = new TokenAuthority({
      tenantId: options.tenantId ?? DEFAULT_TENANT_ID,
      clients: options.clients ?? [{ ...DEFAULT_CLIENT, acceptAssertions: true }],
      ...(options.tokenLifetimeSeconds !== undefined
        ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds }
        : {}),
      ...(options.signingSecret !== undefined ? { signingSecret: options.signingSecret } : {}),
    });
    this.tls = options.tls ?? generateTlsMaterial('latigo-token-emulator');
    this.server = new EmulatorServer({
      name: 'token',
      tls: { key: this.tls.key, cert: this.tls.cert },
      ...(options.faultSeed !== undefined ? { faultSeed: options.faultSeed } : {}),
      notFound: ({ path }) => aadError(404, 'invalid_request', 'AADSTS90002', `No such endpoint: ${path}`),
    });
    this.server
      .route('GET', '/:tenant/v2.0/.well-known/openid-configuration', (req) =>
        this.tenantOr(req.params['tenant'], (t) => json(200, this.openIdConfiguration(t))),
      )
      .route('GET', '/common/discovery/instance', (req) =>
        json(200, this.instanceDiscovery(req.query.get('authorization_endpoint') ?? '')),
      )
      .route('POST', '/:tenant/oauth2/v2.0/token', async (req) => {
        const form = new URLSearchParams((await req.body()).toString('utf8'));
        return this.tenantOr(req.params['tenant'], () => this.token(form, 'v2'));
      })
      .route('POST', '/:tenant/oauth2/token', async (req) => {
        const form = new URLSearchParams((await req.body()).toString('utf8'));
        return this.tenantOr(req.params['tenant'], () => this.token(form, 'v1'));
      })
      .route('GET', '/msi/token', (req) =>
        this.managedIdentityToken(req.query, req.headers['x-identity-header']),
      );
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return this.server.listen(port, host);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** `authorityHost` for `@azure/identity`; the issuer of every token. */
  get url(): string {
    return this.server.url;
  }

  private issuer(tenant: string): string {
    return `${this.url}/${tenant}/v2.0`;
  }

  private tenantOr<T>(tenant: string | undefined, then: (tenant: string) => T) {
    if (tenant !== this.authority.tenantId && tenant !== 'organizations') {
      return aadError(
        400,
        'invalid_tenant',
        'AADSTS90002',
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
      );
    }
    return then(this.authority.tenantId);
  }

  private openIdConfiguration(tenant: string) {
    const base = `${this.url}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: this.issuer(tenant),
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'latigo.test',
    };
  }

  private instanceDiscovery(authorizationEndpoint: string) {
    const host = this.url.replace(/^https:\/\//, '');
    return {
      tenant_discovery_endpoint: authorizationEndpoint.replace(
        /oauth2\/v2\.0\/authorize$/,
        'v2.0/.well-known/openid-configuration',
      ),
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  }

  private token(form: URLSearchParams, version: 'v1' | 'v2') {
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials') {
      return aadError(
        400,
        'unsupported_grant_type',
        'AADSTS70003',
        `The app requested an unsupported grant type '${grant ?? ''}'.`,
      );
    }
    const clientId = form.get('client_id') ?? '';
    const client = this.authority.client(clientId);
    if (!client) {
      return aadError(
        400,
        'unauthorized_client',
        'AADSTS700016',
        `Application with identifier '${clientId}' was not found in the directory '${this.authority.tenantId}'.`,
      );
    }
    const assertion = form.get('client_assertion');
    const secretOk = client.clientSecret !== undefined && form.get('client_secret') === client.clientSecret;
    const assertionOk = client.acceptAssertions === true && !!assertion;
    if (!secretOk && !assertionOk) {
      return assertion
        ? aadError(401, 'invalid_client', 'AADSTS700027', 'Client assertion failed signature validation.')
        : aadError(
            401,
            'invalid_client',
            'AADSTS7000215',
            'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
          );
    }
    const resource =
      version === 'v1'
        ? (form.get('resource') ?? '')
        : ((form.get('scope') ?? '').split(' ')[0]?.replace(/\/\.default$/, '') ?? '');
    if (!resource) {
      return aadError(
        400,
        'invalid_scope',
        'AADSTS1002012',
        version === 'v1'
          ? 'The request body must contain the parameter: resource.'
          : 'The provided value for scope is not valid.',
      );
    }
    const token = this.authority.issue(clientId, resource, this.issuer(this.authority.tenantId));
    return version === 'v1'
      ? json(200, {
          token_type: 'Bearer',
          expires_in: String(token.expiresIn),
          ext_expires_in: String(token.expiresIn),
          expires_on: String(token.expiresOn),
          not_before: String(token.expiresOn - token.expiresIn),
          resource,
          access_token: token.accessToken,
        })
      : json(200, {
          token_type: 'Bearer',
          expires_in: token.expiresIn,
          ext_expires_in: token.expiresIn,
          access_token: token.accessToken,
        });
  }

  private managedIdentityToken(query: URLSearchParams, header: string | string[] | undefined) {
    if (header !== this.identityHeader) {
      return json(401, { statusCode: 401, message: 'X-IDENTITY-HEADER is missing or wrong.' });
    }
    const resource = query.get('resource');
    if (!resource)
      return json(400, { statusCode: 400, message: "Required query parameter 'resource' is missing." });
    const clientId = query.get('client_id') ?? DEFAULT_CLIENT.clientId;
    const token = this.authority.issue(
      clientId,
      resource.replace(/\/\.default$/, ''),
      this.issuer(this.authority.tenantId),
    );
    return json(200, {
      access_token: token.accessToken,
      expires_on: String(token.expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: clientId,
    });
  }
}

function aadError(status: number, error: string, code: string, description: string) {
  const traceId = '00000000-0000-0000-0000-000000000000';
  return json(status, {
    error,
    error_description: `${code}: ${description} Trace ID: ${traceId} Correlation ID: ${traceId} Timestamp: ${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`,
    error_codes: [Number(code.replace('AADSTS', ''))],
    timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
    trace_id: traceId,
    correlation_id: traceId,
  });
}
