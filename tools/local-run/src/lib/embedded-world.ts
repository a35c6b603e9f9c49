import {
  DEFAULT_SENSOR_GROUPS,
  generateCollection,
  GordoEmulator,
  MetadataEmulator,
  TimeseriesEmulator,
  type AnomalyOptions,
} from '@latigo/emulators';
import { extraSeries, fleetModels, modelSpec, sensorGroups, type FleetModel } from './fleet';

export interface WorldOptions {
  project: string;
  models: number;
  tagsPerModel: number;
  /** Seeds the signals, the anomalies and the models. */
  seed: number;
  /** Two more models, one skipped and one dead-lettered (see `troubleOf`). */
  troubled: boolean;
}

/** The upstreams of the run: emulated Omnia Timeseries and metadata APIs and a Gordo server, on loopback. */
export interface EmbeddedWorld {
  readonly project: string;
  readonly facility: string;
  readonly fleet: readonly FleetModel[];
  readonly timeseries: TimeseriesEmulator;
  readonly metadata: MetadataEmulator;
  readonly gordo: GordoEmulator;
  /** Base URLs for the apps' configuration. */
  readonly urls: { timeseries: string; metadata: string; gordo: string };
  /** Requests each emulator answered so far. */
  requests(): Record<'gordo' | 'timeseries' | 'metadata', number>;
  close(): Promise<void>;
}

const FACILITY = '1903';

/**
 * Anomaly episodes every few hours (the emulator's default is a few per week), so a run over the
 * last hours shows some: 30 to 75 minutes each, 3 to 6 scales, in about a third of a group's tags.
 */
const LOCAL_ANOMALIES: AnomalyOptions = {
  slotMs: 3 * 3_600_000,
  probability: 0.8,
  minDurationMs: 30 * 60_000,
  maxDurationMs: 75 * 60_000,
  affectedShare: 0.34,
};

/**
 * Starts the emulators in this process: the Timeseries API with one correlated sensor group per
 * model (plus `tag-1` … `tag-25`, which tools/peers' real Gordo models read, for `--config`), the
 * metadata API, and a Gordo server whose generated models predict each tag from its group. The
 * troubled models' data is wrong the way it goes wrong in a plant (see `troubleOf`).
 */
export async function startEmbeddedWorld(options: WorldOptions): Promise<EmbeddedWorld> {
  const fleet = fleetModels(options.models, options.tagsPerModel, options.troubled);
  const timeseries = new TimeseriesEmulator({
    seed: options.seed,
    sensors: [...sensorGroups(fleet, FACILITY), ...DEFAULT_SENSOR_GROUPS],
    signals: { anomalies: LOCAL_ANOMALIES },
  });
  for (const { tag, facility } of extraSeries(fleet)) timeseries.store.registerSynthetic(tag, facility);
  const metadata = new MetadataEmulator({ projects: [options.project] });
  const gordo = new GordoEmulator({
    collection: generateCollection({
      project: options.project,
      seed: options.seed,
      revisions: ['1700000001000'],
      models: fleet.map((m) => modelSpec(m, (tag) => timeseries.signals.profile(tag))),
    }),
  });
  const emulators = [timeseries, metadata, gordo];
  try {
    await Promise.all(emulators.map((e) => e.listen(0, '127.0.0.1')));
  } catch (error) {
    await Promise.allSettled(emulators.map((e) => e.close()));
    throw error;
  }
  return {
    project: options.project,
    facility: FACILITY,
    fleet,
    timeseries,
    metadata,
    gordo,
    urls: { timeseries: timeseries.baseUrl('v1.7', 'plant'), metadata: metadata.url, gordo: gordo.url },
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
