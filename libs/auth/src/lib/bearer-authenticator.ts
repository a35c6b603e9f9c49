import type { RequestAuthenticator } from '@latigo/http-client';
import type { TokenProvider } from './token-provider';

/**
 * Adds `Authorization: Bearer …` (when a TokenProvider is given) and the block's
 * `auto_adding_headers` (e.g. `Ocp-Apim-Subscription-Key`) to every request of an HttpService.
 * After a 401 the service calls `refresh`, and the next token is fetched fresh.
 */
export class BearerAuthenticator implements RequestAuthenticator {
  private forceRefresh = false;

  constructor(
    private readonly tokens: TokenProvider | undefined,
    private readonly autoAddingHeaders: Record<string, string> = {},
  ) {}

  async headers(): Promise<Record<string, string>> {
    const headers: Record<string, string> = { ...this.autoAddingHeaders };
    if (this.tokens) {
      const forceRefresh = this.forceRefresh;
      this.forceRefresh = false;
      headers['authorization'] = `Bearer ${await this.tokens.getToken({ forceRefresh })}`;
    }
    return headers;
  }

  async refresh(): Promise<void> {
    this.forceRefresh = true;
  }
}
