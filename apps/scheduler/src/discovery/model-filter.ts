interface Pattern {
  text: string;
  project: RegExp;
  model: RegExp;
  allModels: boolean;
}

/**
 * `scheduler.include_models` / `exclude_models`: glob patterns of `project/model` where `*`
 * matches any run of characters within a name (never the `/`). Exclusion wins; an empty include
 * list includes everything.
 */
export class ModelFilter {
  private readonly include: Pattern[];
  private readonly exclude: Pattern[];

  constructor(options: { include?: readonly string[]; exclude?: readonly string[] } = {}) {
    this.include = (options.include ?? []).map(compile);
    this.exclude = (options.exclude ?? []).map(compile);
  }

  /** Whether `project/model` is scheduled. */
  accepts(project: string, model: string): boolean {
    const matches = (p: Pattern) => p.project.test(project) && p.model.test(model);
    return (this.include.length === 0 || this.include.some(matches)) && !this.exclude.some(matches);
  }

  /** Whether no model of `project` can pass, so Gordo need not be asked about it. */
  excludesProject(project: string): boolean {
    if (this.exclude.some((p) => p.allModels && p.project.test(project))) return true;
    return this.include.length > 0 && !this.include.some((p) => p.project.test(project));
  }
}

function compile(text: string): Pattern {
  const slash = text.indexOf('/');
  const project = slash < 0 ? text : text.slice(0, slash);
  const model = slash < 0 ? '*' : text.slice(slash + 1);
  return { text, project: glob(project), model: glob(model), allModels: model === '*' };
}

function glob(text: string): RegExp {
  const body = text
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${body}$`);
}
