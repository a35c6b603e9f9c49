import { GordoError } from '@latigo/gordo-client';
import { DiscoveryError } from './errors';
import { ModelDiscovery } from './model-discovery';
import { ModelFilter } from './model-filter';
import { StaticProjectSource, type ModelSource } from './sources';

/** Projects served from a table; a project mapped to an Error fails. Tracks calls in flight. */
class TableModelSource implements ModelSource {
  inFlight = 0;
  maxInFlight = 0;
  asked: string[] = [];
  constructor(private readonly table: Record<string, string[] | Error>) {}

  async listModels(project: string) {
    this.asked.push(project);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, 2));
    this.inFlight -= 1;
    const entry = this.table[project];
    if (entry instanceof Error) throw entry;
    return { revision: '1700000001000', models: entry ?? [] };
  }
}

const gordo500 = (project: string) =>
  new GordoError('GORDO_UNAVAILABLE', `gordo: GET /gordo/v0/${project}/revisions answered 500`, {
    project,
    status: 500,
  });

const discovery = (
  projects: string[],
  source: ModelSource,
  extra: { filter?: ModelFilter; parallelism?: number } = {},
) =>
  new ModelDiscovery({
    projects: new StaticProjectSource(projects),
    models: source,
    parallelism: extra.parallelism ?? 4,
    ...(extra.filter ? { filter: extra.filter } : {}),
  });

describe('ModelDiscovery', () => {
  it('lists every model of every project at the latest revision, in project order', async () => {
    const source = new TableModelSource({ a: ['m1', 'm2'], b: ['m3'] });
    const result = await discovery(['a', 'b'], source).discover();
    expect(result.models).toEqual([
      { project: 'a', model: 'm1', revision: '1700000001000' },
      { project: 'a', model: 'm2', revision: '1700000001000' },
      { project: 'b', model: 'm3', revision: '1700000001000' },
    ]);
    expect(result.failures).toEqual([]);
  });

  it('asks at most `parallelism` projects at a time', async () => {
    const table = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, ['m']]));
    const source = new TableModelSource(table);
    const result = await discovery(Object.keys(table), source, { parallelism: 3 }).discover();
    expect(result.models).toHaveLength(10);
    expect(source.maxInFlight).toBe(3);
  });

  it('leaves out a failing project with its code and goes on with the others', async () => {
    const source = new TableModelSource({ a: ['m1'], broken: gordo500('broken'), c: ['m2'] });
    const result = await discovery(['a', 'broken', 'c'], source).discover();
    expect(result.models.map((m) => `${m.project}/${m.model}`)).toEqual(['a/m1', 'c/m2']);
    expect(result.failures).toEqual([
      { project: 'broken', code: 'GORDO_UNAVAILABLE', message: expect.stringContaining('answered 500') },
    ]);
  });

  it('fails with DISCOVERY_ALL_PROJECTS_FAILED when no project answers, so the slot is tried again', async () => {
    const source = new TableModelSource({ a: gordo500('a'), b: new Error('socket hang up') });
    const error = await discovery(['a', 'b'], source)
      .discover()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscoveryError);
    expect(error).toMatchObject({
      code: 'DISCOVERY_ALL_PROJECTS_FAILED',
      context: {
        failures: [
          { project: 'a', code: 'GORDO_UNAVAILABLE' },
          { project: 'b', code: 'UNKNOWN' },
        ],
      },
    });
  });

  it('fails with DISCOVERY_PROJECTS_UNAVAILABLE when the project list cannot be read', async () => {
    const projects = {
      kind: 'metadata-api',
      listProjects: () => Promise.reject(new Error('503 from /projects')),
    };
    const error = await new ModelDiscovery({ projects, models: new TableModelSource({}), parallelism: 1 })
      .discover()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'DISCOVERY_PROJECTS_UNAVAILABLE',
      message: expect.stringContaining('503 from /projects'),
    });
  });

  it('fails with DISCOVERY_NO_PROJECTS for an empty list, as the original refused one', async () => {
    await expect(discovery([], new TableModelSource({})).discover()).rejects.toMatchObject({
      code: 'DISCOVERY_NO_PROJECTS',
    });
  });

  it('applies the filters, and never asks Gordo about a project excluded as a whole', async () => {
    const source = new TableModelSource({
      'ioc-1': ['pump-1', 'pump-2', 'fan-1'],
      'ioc-2': ['pump-1'],
      lab: ['x'],
    });
    const filter = new ModelFilter({ include: ['ioc-*/*'], exclude: ['ioc-1/fan-*', 'ioc-2/*'] });
    const result = await discovery(['ioc-1', 'ioc-2', 'lab'], source, { filter }).discover();
    expect(result.models.map((m) => `${m.project}/${m.model}`)).toEqual(['ioc-1/pump-1', 'ioc-1/pump-2']);
    expect(result.filteredOut).toBe(1);
    expect(result.excludedProjects).toEqual(['ioc-2', 'lab']);
    expect(source.asked).toEqual(['ioc-1']);
  });
});

describe('ModelFilter', () => {
  it('matches * within a name only and lets exclusion win', () => {
    const filter = new ModelFilter({ include: ['ioc-*/pump-*'], exclude: ['ioc-9/pump-1'] });
    expect(filter.accepts('ioc-1', 'pump-7')).toBe(true);
    expect(filter.accepts('ioc-9', 'pump-1')).toBe(false);
    expect(filter.accepts('ioc-1', 'fan-7')).toBe(false);
    expect(filter.accepts('lab', 'pump-1')).toBe(false);
    expect(new ModelFilter({ include: ['a.b/*'] }).accepts('aXb', 'm')).toBe(false);
  });

  it('includes everything without include patterns', () => {
    expect(new ModelFilter().accepts('any', 'model')).toBe(true);
    expect(new ModelFilter().excludesProject('any')).toBe(false);
  });
});
