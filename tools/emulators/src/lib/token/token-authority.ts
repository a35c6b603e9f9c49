import { randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** An app registration the token emulator knows. */
export interface RegisteredClient {
  clientId: string;
  /** Accepted `client_secret`; omit for clients that only use assertions or managed identity. */
  clientSecret?: string;
  /** Accept any non-empty `client_assertion` (workload identity federation). */
  acceptAssertions?: boolean;
  /** App roles put into the tokens' `roles` claim. */
  roles?: string[];
}

export interface TokenAuthorityOptions {
  tenantId: string;
  clients: RegisteredClient[];
  /** Token lifetime in seconds (Azure AD: ~3600). Short lifetimes make clients refresh. */
  tokenLifetimeSeconds?: number;
  /** HS256 signing secret shared with the emulators that verify tokens; random by default. */
  signingSecret?: string;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  expiresOn: number;
  resource: string;
}

export type TokenCheck = { ok: true; claims: jwt.JwtPayload } | { ok: false; reason: string };

/**
 * Issues and verifies the bearer tokens of the emulated Azure AD tenant. Tokens are JWTs signed
 * with a shared secret, so every emulator in the process (or given the secret) can verify them.
 */
export class TokenAuthority {
  readonly tenantId: string;
  readonly signingSecret: string;
  tokenLifetimeSeconds: number;
  private readonly clients = new Map<string, RegisteredClient>();
  private notBeforeMs = 0;
  private issued = 0;

  constructor(options: TokenAuthorityOptions) {
    this.tenantId = options.tenantId;
    this.signingSecret = options.signingSecret ?? randomBytes(32).toString('hex');
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
    options.clients.forEach((c) => this.clients.set(c.clientId, c));
  }

  /** How many tokens were issued (tests prove refreshes with it). */
  get issuedCount(): number {
    return this.issued;
  }

  client(clientId: string): RegisteredClient | undefined {
    return this.clients.get(clientId);
  }

  issue(clientId: string, resource: string, issuer: string): IssuedToken {
    const client = this.clients.get(clientId);
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = this.tokenLifetimeSeconds;
    const accessToken = jwt.sign(
      {
        aud: resource,
        iss: issuer,
        tid: this.tenantId,
        appid: clientId,
        azp: clientId,
        oid: randomUUID(),
        roles: client?.roles ?? [],
        nbf: now,
        issued_ms: Date.now(),
      },
      this.signingSecret,
      { algorithm: 'HS256', expiresIn, jwtid: randomUUID() },
    );
    this.issued += 1;
    return { accessToken, expiresIn, expiresOn: now + expiresIn, resource };
  }

  /** Makes every token issued so far invalid, as if they had all expired (forces a refresh). */
  revokeIssuedTokens(): void {
    this.notBeforeMs = Date.now() + 1;
  }

  /** Checks `Authorization: Bearer <jwt>`; `audiences` limits the accepted `aud` values. */
  verify(authorization: string | undefined, audiences?: string[]): TokenCheck {
    if (!authorization) return { ok: false, reason: 'Access token is missing or invalid.' };
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) return { ok: false, reason: 'Access token is missing or invalid.' };
    try {
      const claims = jwt.verify(match[1], this.signingSecret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (Number(claims['issued_ms'] ?? 0) < this.notBeforeMs)
        return { ok: false, reason: 'Access token has expired.' };
      if (audiences && !audiences.includes(String(claims.aud)))
        return { ok: false, reason: 'Audience validation failed.' };
      return { ok: true, claims };
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      return {
        ok: false,
        reason: expired ? 'Access token has expired.' : 'Access token is missing or invalid.',
      };
    }
  }
}
