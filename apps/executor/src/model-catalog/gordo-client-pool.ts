import type { GordoClient } from '@latigo/gordo-client';

/** One GordoClient per project (a client is bound to its project's URL prefix), made on first use. */
export class GordoClientPool {
  private readonly clients = new Map<string, GordoClient>();

  constructor(private readonly create: (project: string) => GordoClient) {}

  for(project: string): GordoClient {
    let client = this.clients.get(project);
    if (!client) {
      client = this.create(project);
      this.clients.set(project, client);
    }
    return client;
  }
}
