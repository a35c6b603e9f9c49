import type { TokenCredential } from '@azure/identity';
import { AuthError } from './errors';

/** Gives bearer tokens for one audience. Caching and renewal belong to the credential (the SDK). */
export interface TokenProvider {
  /** A valid access token; `forceRefresh` asks the identity provider for a new one. */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

/**
 * A TokenProvider over an `@azure/identity` credential and the scope `<resource>/.default`.
 * The SDK caches and renews tokens; a forced refresh (after a 401) sends a claims challenge
 * asking for a token issued now, which is how MSAL is told to bypass its cache.
 */
export class CredentialTokenProvider implements TokenProvider {
  readonly scope: string;

  constructor(
    private readonly credential: TokenCredential,
    resource: string,
    private readonly where: string,
  ) {
    this.scope = resource.endsWith('/.default') ? resource : `${resource.replace(/\/$/, '')}/.default`;
  }

  async getToken(options: { forceRefresh?: boolean } = {}): Promise<string> {
    const claims = options.forceRefresh
      ? JSON.stringify({
          access_token: { nbf: { essential: true, value: String(Math.floor(Date.now() / 1000)) } },
        })
      : undefined;
    try {
      const token = await this.credential.getToken(this.scope, claims ? { claims } : {});
      if (!token) throw new Error('the credential returned no token');
      return token.token;
    } catch (cause) {
      // Identity errors carry the AADSTS code and description, never the client secret.
      const detail = (cause as Error)?.message?.split('\n')[0] ?? String(cause);
      throw new AuthError(
        'AUTH_TOKEN_FAILED',
        `${this.where}: could not get a token for scope ${this.scope}: ${detail}`,
        { cause },
      );
    }
  }
}
