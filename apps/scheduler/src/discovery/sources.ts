/** Where the list of projects comes from. */
export interface ProjectSource {
  /** For logs: `config` or `metadata-api`. */
  readonly kind: string;
  listProjects(): Promise<string[]>;
}

/** The models a project serves now. */
export interface ModelSource {
  listModels(project: string): Promise<{ revision: string; models: readonly string[] }>;
}

/** A fixed list (`scheduler.projects`, or `backfill --project`). */
export class StaticProjectSource implements ProjectSource {
  readonly kind = 'config';
  constructor(private readonly projects: readonly string[]) {}

  async listProjects(): Promise<string[]> {
    return [...this.projects];
  }
}

/** The metadata API's `GET /projects`, asked at every slot as the original did. */
export class MetadataProjectSource implements ProjectSource {
  readonly kind = 'metadata-api';
  constructor(private readonly client: { getProjects(): Promise<string[]> }) {}

  listProjects(): Promise<string[]> {
    return this.client.getProjects();
  }
}

/** The part of a Gordo client discovery uses (`GordoClient` from @latigo/gordo-client). */
export interface GordoDiscoveryClient {
  getRevisions(): Promise<{ latest: string }>;
  getModels(revision?: string): Promise<{ revision: string; models: readonly string[] }>;
}

/**
 * Models at Gordo's latest revision: `/revisions`, then `/models?revision=<latest>`. One client
 * per project, kept, so its short revisions cache serves back-to-back slots (catch-up).
 */
export class GordoModelSource implements ModelSource {
  private readonly clients = new Map<string, GordoDiscoveryClient>();

  constructor(private readonly clientFor: (project: string) => GordoDiscoveryClient) {}

  async listModels(project: string): Promise<{ revision: string; models: readonly string[] }> {
    let client = this.clients.get(project);
    if (!client) {
      client = this.clientFor(project);
      this.clients.set(project, client);
    }
    const { latest } = await client.getRevisions();
    const { models } = await client.getModels(latest);
    return { revision: latest, models };
  }
}
