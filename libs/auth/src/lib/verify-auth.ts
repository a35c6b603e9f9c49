import { HttpService, UpstreamError, bodyExcerpt } from '@latigo/http-client';
import { AuthError } from './errors';

export interface VerifyAuthOptions {
  /** An HttpService whose base URL is the verification URL (with the block's authenticator). */
  service: HttpService;
  /** Config path of the auth block, for messages. */
  where: string;
  /** Top-level JSON key the answer must carry (the original's `verification_element`). */
  element?: string | undefined;
}

/**
 * The original's start-up check: GET the verification URL with the credentials and fail fast
 * when it errors, or when `element` is set and the answer is not JSON carrying that key — the
 * tell-tale of an identity proxy answering 200 with a sign-in page.
 */
export async function verifyAuth(options: VerifyAuthOptions): Promise<void> {
  const { service, where, element } = options;
  const call = { method: 'GET' as const, path: '' };
  let response;
  try {
    response = await service.call(call);
  } catch (cause) {
    const detail = cause instanceof UpstreamError ? cause.message : String(cause);
    throw new AuthError('AUTH_VERIFICATION_FAILED', `${where}: verification failed: ${detail}`, { cause });
  }
  if (!element) return;
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch (cause) {
    throw new AuthError(
      'AUTH_VERIFICATION_FAILED',
      `${where}: verification answer was not JSON (a sign-in page?), ${response.mediaType || 'no content type'}: ${bodyExcerpt(response.body, 100)}`,
      { cause },
    );
  }
  const value =
    body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[element] : undefined;
  if (value === undefined || value === null) {
    throw new AuthError(
      'AUTH_VERIFICATION_FAILED',
      `${where}: expected JSON element '${element}' not found in the verification answer: ${bodyExcerpt(response.body, 100)}`,
    );
  }
}
