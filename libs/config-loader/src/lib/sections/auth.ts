import { z } from 'zod';
import { boolean, doc, ignored, secret } from '../schema';

/**
 * The `auth` block every upstream section carries, with the original's key names
 * (requests-ms-auth `MsSessionConfig`), plus `method` to pick a credential explicitly.
 */
export const authSchema = z.object({
  method: doc(
    z.enum(['client_secret', 'workload_identity', 'managed_identity', 'none']).optional(),
    'Credential to use. Default: client_secret when client_id and client_secret are set, else none.',
  ),
  resource: doc(z.string().optional(), 'Resource (audience); the token scope is `<resource>/.default`.'),
  tenant: doc(z.string().optional(), 'Azure AD tenant id.'),
  authority_host_url: doc(
    z.string().default('https://login.microsoftonline.com'),
    'Authority host, e.g. https://login.microsoftonline.com.',
  ),
  client_id: doc(z.string().optional(), 'Application (client) id.'),
  client_secret: secret(z.string().optional(), 'Client secret. Put it in the override file or an env var, never in defaults.'),
  verification_url: doc(z.string().optional(), 'GET at start-up to verify the credentials (fail fast).'),
  verification_element: doc(
    z.string().optional(),
    'Top-level JSON key the verification response must contain (catches HTML login pages).',
  ),
  verify_on_startup: doc(boolean().default(true), 'Run the verification at start-up.'),
  auto_adding_headers: doc(
    z.record(z.string(), secret(z.string())).default({}),
    'Headers added to every request, e.g. Ocp-Apim-Subscription-Key (values are secrets).',
  ),
  do_adal: ignored(boolean().optional(), 'ADAL is retired; MSAL scopes are always used.'),
  scope: ignored(z.array(z.string()).optional(), 'the scope is derived from `resource`.'),
});
export type AuthConfig = z.output<typeof authSchema>;
