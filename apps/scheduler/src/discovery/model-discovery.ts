import { noopLogger, type Logger } from '@latigo/observability';
import { DiscoveryError, codeOf, messageOf } from './errors';
import { settleWithLimit } from './map-limit';
import { ModelFilter } from './model-filter';
import type { ModelSource, ProjectSource } from './sources';

/** One model to make tasks for. */
export interface DiscoveredModel {
  readonly project: string;
  readonly model: string;
  /** Gordo's latest revision when the model was listed. */
  readonly revision: string;
}

/** A project whose models could not be listed this time; it is asked again at the next slot. */
export interface ProjectFailure {
  readonly project: string;
  readonly code: string;
  readonly message: string;
}

export interface DiscoveryResult {
  /** Models in project order, then Gordo's (sorted) model order. */
  readonly models: readonly DiscoveredModel[];
  /** Projects asked of Gordo. */
  readonly projects: readonly string[];
  /** Projects every model of which is filtered out (not asked). */
  readonly excludedProjects: readonly string[];
  /** Models listed by Gordo but filtered out. */
  readonly filteredOut: number;
  readonly failures: readonly ProjectFailure[];
  readonly durationMs: number;
}

export interface ModelDiscoveryOptions {
  projects: ProjectSource;
  models: ModelSource;
  filter?: ModelFilter;
  /** Projects asked at the same time. */
  parallelism: number;
  logger?: Logger;
  now?: () => number;
}

/**
 * Finds the models to schedule: the projects from their source, then each project's models from
 * Gordo (several projects at a time), filtered. A project that fails is reported and left out,
 * and the others go on (the original lost the whole slot).
 * @throws DiscoveryError when nothing at all can be scheduled (see its codes).
 */
export class ModelDiscovery {
  private readonly logger: Logger;
  private readonly filter: ModelFilter;
  private readonly now: () => number;

  constructor(private readonly options: ModelDiscoveryOptions) {
    this.logger = (options.logger ?? noopLogger).child({ component: 'discovery' });
    this.filter = options.filter ?? new ModelFilter();
    this.now = options.now ?? Date.now;
  }

  async discover(): Promise<DiscoveryResult> {
    const started = this.now();
    let listed: string[];
    try {
      listed = [...new Set(await this.options.projects.listProjects())];
    } catch (cause) {
      throw new DiscoveryError(
        'DISCOVERY_PROJECTS_UNAVAILABLE',
        `Could not list the projects (${this.options.projects.kind}): ${messageOf(cause)}`,
        {},
        { cause },
      );
    }
    const excludedProjects = listed.filter((p) => this.filter.excludesProject(p));
    const projects = listed.filter((p) => !excludedProjects.includes(p));
    if (projects.length === 0) {
      throw new DiscoveryError(
        'DISCOVERY_NO_PROJECTS',
        listed.length === 0
          ? `The project list (${this.options.projects.kind}) is empty`
          : `Every project is excluded by scheduler.include_models/exclude_models: ${listed.join(', ')}`,
        { projects: listed },
      );
    }

    const settled = await settleWithLimit(projects, this.options.parallelism, (p) =>
      this.options.models.listModels(p),
    );
    const models: DiscoveredModel[] = [];
    const failures: ProjectFailure[] = [];
    let filteredOut = 0;
    settled.forEach((outcome, index) => {
      const project = projects[index] as string;
      if (outcome.status === 'rejected') {
        const failure = { project, code: codeOf(outcome.reason), message: messageOf(outcome.reason) };
        failures.push(failure);
        this.logger.warn('project left out of this slot: its models could not be listed', { ...failure });
        return;
      }
      for (const model of outcome.value.models) {
        if (this.filter.accepts(project, model))
          models.push({ project, model, revision: outcome.value.revision });
        else filteredOut += 1;
      }
    });
    if (failures.length === projects.length) {
      throw new DiscoveryError(
        'DISCOVERY_ALL_PROJECTS_FAILED',
        `Gordo failed for every project: ${failures.map((f) => `${f.project} (${f.code})`).join(', ')}`,
        { projects, failures },
      );
    }
    return { models, projects, excludedProjects, filteredOut, failures, durationMs: this.now() - started };
  }
}
