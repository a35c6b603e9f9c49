import type * as AzureIdentity from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import { AuthError } from './errors';
import { CredentialTokenProvider, type TokenProvider } from './token-provider';

/** The `auth` block of an upstream section (the original's keys; see @latigo/config-loader). */
export interface AuthSettings {
  method?: 'client_secret' | 'workload_identity' | 'managed_identity' | 'none' | undefined;
  resource?: string | undefined;
  tenant?: string | undefined;
  authority_host_url?: string | undefined;
  client_id?: string | undefined;
  client_secret?: string | undefined;
}

export interface CreateTokenProviderOptions {
  /** Config path of the block, for messages, e.g. `sensor_data.auth`. */
  where: string;
  /** Extra CA (PEM) to trust for the authority host, e.g. a test authority. */
  tlsCa?: string;
}

const PUBLIC_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
]);

/** Which credential an `auth` block means: explicit `method`, else client secret when one is set. */
export function authMethodOf(settings: AuthSettings): NonNullable<AuthSettings['method']> {
  if (settings.method) return settings.method;
  return settings.client_id && settings.client_secret ? 'client_secret' : 'none';
}

/**
 * Builds the TokenProvider an `auth` block asks for, or `undefined` for `none`. Checks that the
 * keys the chosen credential needs are present and reports all missing ones with their paths.
 */
export function createTokenProvider(
  settings: AuthSettings,
  options: CreateTokenProviderOptions,
): TokenProvider | undefined {
  const method = authMethodOf(settings);
  if (method === 'none') return undefined;
  const required: Array<keyof AuthSettings> =
    method === 'client_secret' ? ['resource', 'tenant', 'client_id', 'client_secret'] : ['resource'];
  const missing = required.filter((key) => !settings[key]);
  if (missing.length) {
    throw new AuthError(
      'AUTH_CONFIG_INVALID',
      `${options.where}: method ${method} needs ${missing.map((k) => `${options.where}.${k}`).join(', ')}`,
    );
  }
  return new CredentialTokenProvider(
    credentialFor(method, settings, options),
    settings.resource as string,
    options.where,
  );
}

function credentialFor(
  method: 'client_secret' | 'workload_identity' | 'managed_identity',
  settings: AuthSettings,
  options: CreateTokenProviderOptions,
): TokenCredential {
  const authorityHost = settings.authority_host_url;
  const common = {
    ...(authorityHost ? { authorityHost } : {}),
    // Instance discovery only knows Microsoft's clouds; any other authority (sovereign, test) skips it.
    ...(authorityHost && !PUBLIC_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname)
      ? { disableInstanceDiscovery: true }
      : {}),
    ...(options.tlsCa ? { tlsOptions: { ca: options.tlsCa } } : {}),
  };
  const { ClientSecretCredential, ManagedIdentityCredential, WorkloadIdentityCredential } = azureIdentity();
  switch (method) {
    case 'client_secret':
      return new ClientSecretCredential(
        settings.tenant as string,
        settings.client_id as string,
        settings.client_secret as string,
        common,
      );
    case 'workload_identity':
      // Tenant, client id and token file come from the AKS workload identity webhook's env when not set.
      return new WorkloadIdentityCredential({
        ...common,
        ...(settings.tenant ? { tenantId: settings.tenant } : {}),
        ...(settings.client_id ? { clientId: settings.client_id } : {}),
      });
    case 'managed_identity':
      return settings.client_id
        ? new ManagedIdentityCredential({ ...common, clientId: settings.client_id })
        : new ManagedIdentityCredential(common);
  }
}

/** @azure/identity, loaded when a credential is made: without auth a process does not pay its ~10 MB RSS. */
function azureIdentity(): typeof AzureIdentity {
  return require('@azure/identity') as typeof AzureIdentity;
}
