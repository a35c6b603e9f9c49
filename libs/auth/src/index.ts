export { AuthError, type AuthErrorCode } from './lib/errors';
export { type TokenProvider, CredentialTokenProvider } from './lib/token-provider';
export {
  createTokenProvider,
  authMethodOf,
  type AuthSettings,
  type CreateTokenProviderOptions,
} from './lib/create-token-provider';
export { BearerAuthenticator } from './lib/bearer-authenticator';
export { verifyAuth, type VerifyAuthOptions } from './lib/verify-auth';
