import type {
  DatasetPlan,
  InputFrame,
  ModelMetadata,
  PredictionFrame,
  SeriesPoints,
} from '@latigo/gordo-client';
import type { PredictionMetadata } from '@latigo/metadata-client';

// The pipeline's view of the outside world. Adapters live beside it (model-catalog/, sensor-data/,
// predictor/, prediction-store/, prediction-metadata/); the composition root picks them.

/** A model at one revision, with the plan for preparing its input. */
export interface ModelSpec {
  readonly project: string;
  readonly model: string;
  readonly revision: string;
  readonly metadata: ModelMetadata;
  readonly plan: DatasetPlan;
}

/** Gordo's revisions and model metadata (cached). */
export interface ModelCatalog {
  /** The project's latest revision; cached for a short time unless `fresh`. */
  latestRevision(project: string, options?: { fresh?: boolean }): Promise<string>;
  /** A model's metadata and dataset plan at a revision (a revision never changes, so cached). */
  model(project: string, model: string, revision: string): Promise<ModelSpec>;
}

/** Series ids of the sensor tags a model reads. */
export interface ResolvedTags {
  /** The facility of the first tag; every tag is looked up there (as the original did). */
  readonly facility: string;
  /** tag name → series id, for the tags that have a series. */
  readonly ids: ReadonlyMap<string, string>;
  /** Tags without a series in the facility. */
  readonly missing: readonly string[];
}

/** Sensor data in the Timeseries API. */
export interface SensorData {
  /** @returns undefined when the first tag has no series at all (so no facility). */
  resolveTags(tags: readonly string[]): Promise<ResolvedTags | undefined>;
  /** Raw datapoints of each series in [from, to] (the end is kept, as gordo keeps it). */
  read(
    ids: ReadonlyMap<string, string>,
    window: { from: Date; to: Date },
  ): Promise<Map<string, SeriesPoints>>;
}

/** Gordo's anomaly prediction. */
export interface Predictor {
  predict(request: {
    project: string;
    model: string;
    revision: string;
    X: InputFrame;
    signal: AbortSignal;
  }): Promise<{ frame: PredictionFrame; route: 'anomaly' | 'prediction'; batches: number }>;
}

/** A series the predictions go to. */
export interface OutputSeriesSpec {
  readonly name: string;
  readonly description: string;
}

/** Where predictions are stored (the Timeseries API). */
export interface PredictionStore {
  /** Ids of the named series in `facility`, created when missing. */
  ensureSeries(series: readonly OutputSeriesSpec[], facility: string): Promise<Map<string, string>>;
  /** Writes datapoints (same timestamps overwrite). */
  write(writes: readonly { id: string; times: Float64Array; values: Float64Array }[]): Promise<{
    written: number;
    skippedNaN: number;
    requests: number;
  }>;
}

/** The metadata API's record of a prediction run. */
export interface MetadataRecorder {
  record(record: PredictionMetadata): Promise<{ modelId: number | string }>;
}
