import {
  buildDataset,
  DatasetError,
  GordoError,
  type InputFrame,
  predictionDataWindow,
  type PreparedDataset,
} from '@latigo/gordo-client';
import type { Task } from '@latigo/task-queue';
import { outputColumns, rowsWithin } from './output-series';
import type { MetadataRecorder, ModelCatalog, PredictionStore, Predictor, SensorData } from './ports';
import { TaskSkip } from './task-skip';

/** The stages of a task, in order (metric and log labels). */
export const STAGES = [
  'model',
  'resolve_tags',
  'read',
  'resample',
  'predict',
  'output_series',
  'write',
  'metadata',
] as const;
export type Stage = (typeof STAGES)[number];

/** Sees every stage run (metrics); must call `run` and return its promise. */
export type StageObserver = <T>(stage: Stage, run: () => Promise<T>) => Promise<T>;

export interface PipelineDeps {
  readonly catalog: ModelCatalog;
  readonly sensors: SensorData;
  readonly predictor: Predictor;
  readonly store: PredictionStore;
  readonly recorder: MetadataRecorder;
  readonly observeStage?: StageObserver;
}

/** What a succeeded task did, for its log line. */
export interface PipelineReport {
  readonly revision: string;
  readonly facility: string;
  /** Rows sent to Gordo (the window plus the context before it). */
  readonly inputRows: number;
  /** Rows stored: predictions with timestamps in [from, to). */
  readonly storedRows: number;
  readonly series: number;
  readonly points: number;
  readonly skippedNaN: number;
  readonly route: 'anomaly' | 'prediction';
  readonly batches: number;
  readonly metadataRecord: number | string;
  readonly stageMs: Readonly<Partial<Record<Stage, number>>>;
}

/**
 * One prediction task, as the original executor ran it and with its gaps closed: resolve the
 * model's revision and metadata; read the input tags over the window extended backwards by the
 * model offset (`predictionDataWindow`, as the Gordo client does); resample them with the Gordo
 * client's semantics; predict; store the rows in [from, to) under the original's series names
 * (creating series as needed); record the run in the metadata API.
 *
 * Expected conditions end the task with a {@link TaskSkip}: no data, the model gone (404/410),
 * nothing to predict, settings that cannot be honoured. Everything else propagates, and the task
 * handler decides about retries. A 410 on a cached revision re-resolves the latest once.
 */
export class PredictionPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async run(task: Task, signal: AbortSignal): Promise<PipelineReport> {
    try {
      return await this.attempt(task, signal, false);
    } catch (error) {
      // The revision came from the cache and was deleted since: try once with the current one.
      if (isGordo(error, 'GORDO_REVISION_GONE') && task.revision === undefined)
        return this.attempt(task, signal, true).catch((e: unknown) => {
          throw asSkip(e);
        });
      throw asSkip(error);
    }
  }

  private async attempt(task: Task, signal: AbortSignal, freshRevision: boolean): Promise<PipelineReport> {
    const stageMs: Partial<Record<Stage, number>> = {};
    const stage = async <T>(name: Stage, run: () => Promise<T>): Promise<T> => {
      signal.throwIfAborted();
      const started = performance.now();
      try {
        return await (this.deps.observeStage ? this.deps.observeStage(name, run) : run());
      } finally {
        stageMs[name] = Math.round(performance.now() - started);
      }
    };
    const { catalog, sensors, predictor, store, recorder } = this.deps;
    const from = task.fromTime.getTime();
    const to = task.toTime.getTime();

    const spec = await stage('model', async () => {
      const revision =
        task.revision ?? (await catalog.latestRevision(task.projectName, { fresh: freshRevision }));
      return catalog.model(task.projectName, task.modelName, revision);
    });
    const window = predictionDataWindow(spec.metadata, task.fromTime, task.toTime);

    const tags = await stage('resolve_tags', () => sensors.resolveTags(spec.plan.tags));
    if (!tags)
      throw new TaskSkip('EXECUTOR_NO_DATA', `no series is named ${spec.plan.tags[0]} (the first input tag)`);
    if (tags.missing.length > 0)
      throw new TaskSkip(
        'EXECUTOR_NO_DATA',
        `no series for ${tags.missing.length === 1 ? 'tag' : 'tags'} ${tags.missing.join(', ')} in facility ${tags.facility}`,
      );

    const raw = await stage('read', () => sensors.read(tags.ids, { from: window.start, to: window.end }));
    const dataset = await stage('resample', async () =>
      buildDataset(spec.plan, { start: window.start.getTime(), end: window.end.getTime() }, raw),
    );
    const X = rowsBefore(dataset, to);
    if (X.index.length === 0 || (X.index[X.index.length - 1] as number) < from)
      throw new TaskSkip(
        'EXECUTOR_NOTHING_TO_PREDICT',
        `no complete input row in [${iso(from)}, ${iso(to)})`,
      );

    const prediction = await stage('predict', () =>
      predictor.predict({
        project: task.projectName,
        model: task.modelName,
        revision: spec.revision,
        X,
        signal,
      }),
    );
    const { frame } = prediction;
    const rows = rowsWithin(frame.index, from, to);
    if (rows.end === rows.start)
      throw new TaskSkip(
        'EXECUTOR_NOTHING_TO_PREDICT',
        `Gordo returned no row in [${iso(from)}, ${iso(to)})`,
      );

    const outputs = outputColumns(frame, { model: task.modelName, facility: tags.facility });
    const ids = await stage('output_series', () => store.ensureSeries(outputs, tags.facility));
    const times = frame.index.subarray(rows.start, rows.end);
    const written = await stage('write', () =>
      store.write(
        outputs.map((o) => ({
          id: ids.get(o.name) as string,
          times,
          values: o.values.subarray(rows.start, rows.end),
        })),
      ),
    );
    const { modelId } = await stage('metadata', () =>
      recorder.record({
        projectName: task.projectName,
        modelName: task.modelName,
        revision: spec.revision,
        fromTime: task.fromTime,
        toTime: task.toTime,
        // Gordo always records them; the epoch marks a model that somehow has none.
        trainingTimeFrom: spec.metadata.trainStart ?? new Date(0),
        trainingTimeTo: spec.metadata.trainEnd ?? new Date(0),
        inputTags: spec.plan.inputTags.map((name) => ({ name, timeSeriesId: tags.ids.get(name) as string })),
        outputTags: outputs.map((o) => ({
          name: o.name,
          timeSeriesId: ids.get(o.name) as string,
          type: o.tag === '' ? 'aggregated' : 'derived',
          derivedFrom: o.tag,
          description: o.description,
        })),
      }),
    );
    return {
      revision: spec.revision,
      facility: tags.facility,
      inputRows: X.index.length,
      storedRows: rows.end - rows.start,
      series: outputs.length,
      points: written.written,
      skippedNaN: written.skippedNaN,
      route: prediction.route,
      batches: prediction.batches,
      metadataRecord: modelId,
      stageMs,
    };
  }
}

/** Rows before `to`: the bucket at `to` itself (gordo's end pad) belongs to the next window. */
function rowsBefore(dataset: PreparedDataset, to: number): InputFrame & { index: Float64Array } {
  const { end } = rowsWithin(dataset.index, -Infinity, to);
  return {
    index: dataset.index.subarray(0, end),
    columns: new Map([...dataset.columns].map(([tag, values]) => [tag, values.subarray(0, end)])),
  };
}

/** Expected conditions become skips; anything else is left to the task handler. */
function asSkip(error: unknown): unknown {
  if (isGordo(error, 'GORDO_REVISION_GONE') || isGordo(error, 'GORDO_MODEL_NOT_FOUND'))
    return new TaskSkip('EXECUTOR_MODEL_GONE', `model gone from Gordo: ${(error as Error).message}`, {
      cause: error,
    });
  if (error instanceof DatasetError) {
    const code = error.code === 'DATASET_UNSUPPORTED' ? 'EXECUTOR_UNSUPPORTED_MODEL' : 'EXECUTOR_NO_DATA';
    return new TaskSkip(code, error.message, { cause: error });
  }
  return error;
}

function isGordo(error: unknown, code: GordoError['code']): boolean {
  return error instanceof GordoError && error.code === code;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
