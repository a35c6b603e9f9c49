import type { RequestGuard } from '../http/emulator-server';
import { json } from '../http/responses';
import type { TokenAuthority } from './token-authority';

export interface BearerGuardOptions {
  /** Accepted token audiences (resource ids); any audience when omitted. */
  audiences?: string[];
  /** Also require `Ocp-Apim-Subscription-Key` with this value (the metadata API's gateway does). */
  subscriptionKey?: string;
}

/**
 * Refuses requests as the Azure API Management gateway in front of the Omnia APIs does: 401 with
 * a JSON `{statusCode, message}` body when the subscription key or the bearer token is wrong.
 */
export function bearerGuard(authority: TokenAuthority, options: BearerGuardOptions = {}): RequestGuard {
  return (request) => {
    if (options.subscriptionKey !== undefined) {
      const key = request.headers['ocp-apim-subscription-key'];
      if (key === undefined) {
        return json(401, {
          statusCode: 401,
          message:
            'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
        });
      }
      if (key !== options.subscriptionKey) {
        return json(401, {
          statusCode: 401,
          message:
            'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
        });
      }
    }
    const check = authority.verify(request.headers.authorization, options.audiences);
    if (!check.ok) return json(401, { statusCode: 401, message: `Unauthorized. ${check.reason}` });
    return undefined;
  };
}
