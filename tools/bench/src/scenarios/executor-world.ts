import { generateCollection, GordoEmulator, MetadataEmulator, TimeseriesEmulator } from '@latigo/emulators';

/** The emulated upstreams of one executor run, each call delayed by `latencyMs`. */
export interface ExecutorWorld {
  project: string;
  models: string[];
  urls: { gordo: string; timeseries: string; metadata: string };
  /** Requests each emulator answered so far. */
  requests(): { gordo: number; timeseries: number; metadata: number };
  close(): Promise<void>;
}

const FACILITY = '1903';
export const BENCH_PROJECT = 'bench';

/**
 * `models` models of `tags` tags each, every model over its own sensor group in the Timeseries
 * emulator, a Gordo emulator that serves them (10-minute resolution, gordo's default), and the
 * metadata API. A fresh world per run, so each run starts with nothing stored (its cold phase
 * creates the output series).
 */
export async function startExecutorWorld(options: {
  models: number;
  tags: number;
  latencyMs: number;
  seed?: number;
}): Promise<ExecutorWorld> {
  const width = String(options.models).length;
  const fleet = Array.from({ length: options.models }, (_, m) => {
    const name = `unit-${String(m + 1).padStart(width, '0')}`;
    return { name, tags: Array.from({ length: options.tags }, (_, t) => `${name}.TT-${101 + t}`) };
  });
  const timeseries = new TimeseriesEmulator({
    seed: options.seed ?? 1,
    sensors: fleet.map((m) => ({ facility: FACILITY, name: m.name, tags: m.tags })),
  });
  const metadata = new MetadataEmulator({ projects: [BENCH_PROJECT] });
  const gordo = new GordoEmulator({
    collection: generateCollection({
      project: BENCH_PROJECT,
      seed: options.seed ?? 1,
      revisions: ['1700000001000'],
      models: fleet.map((m) => ({ name: m.name, tags: m.tags })),
    }),
  });
  const emulators = [timeseries, metadata, gordo];
  await Promise.all(emulators.map((e) => e.listen(0, '127.0.0.1')));
  for (const e of emulators) e.server.faults.add({ route: '*', latencyMs: options.latencyMs });
  return {
    project: BENCH_PROJECT,
    models: fleet.map((m) => m.name),
    urls: { gordo: gordo.url, timeseries: timeseries.baseUrl('v1.7', 'plant'), metadata: metadata.url },
    requests: () => ({
      gordo: gordo.server.requests.count(),
      timeseries: timeseries.server.requests.count(),
      metadata: metadata.server.requests.count(),
    }),
    close: async () => {
      await Promise.all(emulators.map((e) => e.close()));
    },
  };
}
