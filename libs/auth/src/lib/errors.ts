export type AuthErrorCode =
  /** The `auth` block is incomplete or contradictory (names the key paths). */
  | 'AUTH_CONFIG_INVALID'
  /** The identity provider refused or could not be reached. */
  | 'AUTH_TOKEN_FAILED'
  /** Start-up verification did not get the expected answer (e.g. a sign-in page). */
  | 'AUTH_VERIFICATION_FAILED';

/** An authentication problem; the message names where (config key, URL path), never a secret. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuthError';
  }
}
