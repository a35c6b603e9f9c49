import { planDataset } from '@latigo/gordo-client';
import type { ModelCatalog, ModelSpec } from '../pipeline/ports';
import type { GordoClientPool } from './gordo-client-pool';

export interface GordoModelCatalogOptions {
  /** How long a project's latest revision is reused (0: every call asks Gordo). */
  revisionTtlMs: number;
  /** Model specs kept (a revision never changes, so they never go stale; default 10,000). */
  maxModels?: number;
  now?: () => number;
}

/**
 * Revisions and model metadata from Gordo (the `model_info` section), cached: the latest revision
 * per project for a short TTL (shared by concurrent tasks, failures not kept), and each model's
 * metadata and dataset plan per revision.
 */
export class GordoModelCatalog implements ModelCatalog {
  private readonly revisions = new Map<string, { at: number; value: Promise<string> }>();
  private readonly models = new Map<string, Promise<ModelSpec>>();
  private readonly now: () => number;

  constructor(
    private readonly pool: GordoClientPool,
    private readonly options: GordoModelCatalogOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  latestRevision(project: string, options: { fresh?: boolean } = {}): Promise<string> {
    const cached = this.revisions.get(project);
    if (cached && !options.fresh && this.now() - cached.at < this.options.revisionTtlMs) return cached.value;
    const value = this.pool
      .for(project)
      .getRevisions()
      .then((r) => r.latest);
    const entry = { at: this.now(), value };
    this.revisions.set(project, entry);
    value.catch(() => {
      if (this.revisions.get(project) === entry) this.revisions.delete(project);
    });
    return value;
  }

  model(project: string, model: string, revision: string): Promise<ModelSpec> {
    const key = `${project}/${model}@${revision}`;
    let entry = this.models.get(key);
    if (!entry) {
      entry = this.pool
        .for(project)
        .getMetadata(model, revision)
        .then((metadata) => ({ project, model, revision, metadata, plan: planDataset(metadata) }));
      this.models.set(key, entry);
      if (this.models.size > (this.options.maxModels ?? 10_000))
        this.models.delete(this.models.keys().next().value as string);
      const settled = entry;
      settled.catch(() => {
        if (this.models.get(key) === settled) this.models.delete(key);
      });
    }
    return entry;
  }
}
