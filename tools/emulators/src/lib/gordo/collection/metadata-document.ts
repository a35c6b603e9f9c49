import { createRandom, type Random } from '../../random';
import { formatIndexKeys, parseIsoTimestamp, resolutionMicros } from '../frames/timestamps';
import { deriveParams, EMULATOR_PARAMS_KEY, type LinearModelParams } from '../model/linear-model';
import { PyFloat, type PyJson, type PyObject } from '../python/json';

/** One model of a generated collection. */
export interface GeneratedModelSpec {
  /** A lower-case DNS label, as gordo requires. */
  name: string;
  /** Input tag names. */
  tags: string[];
  /** Target tag names; default: the input tags (an autoencoder-style model). */
  targets?: string[];
  /** pandas frequency of the dataset; default `10T`. */
  resolution?: string;
  /** Anomaly smoothing window in rows; default 6; null for none (no `smooth-*` columns). */
  window?: number | null;
  smoothingMethod?: 'smm' | 'sma' | 'ewma';
  /** A DiffBasedAnomalyDetector (default) or a plain sklearn Pipeline, whose anomaly route answers 422. */
  anomaly?: boolean;
  /** Whether `model_meta` has thresholds (and responses confidences); default true for anomaly models. */
  thresholds?: boolean;
  /** Rows the model needs before its first output; default 0. */
  modelOffset?: number;
  /** Range of the training data per tag (or one for all); default [0, 1], like gordo's RandomDataProvider. */
  tagRange?: { min: number; max: number } | Record<string, { min: number; max: number }>;
  /** The linear model per target; default: follows the target's own input, 10 % towards its mean. */
  linear?: LinearModelParams['targets'];
  trainStartDate?: string;
  trainEndDate?: string;
}

const DIFF_DETECTOR = 'gordo.machine.model.anomaly.diff.DiffBasedAnomalyDetector';
const MIN_MAX_SCALER: PyObject = {
  'sklearn.preprocessing._data.MinMaxScaler': { clip: false, copy: true, feature_range: [0, 1] },
};
const RIDGE: PyObject = {
  'sklearn.linear_model._ridge.Ridge': {
    alpha: new PyFloat(1),
    copy_X: true,
    fit_intercept: true,
    max_iter: null,
    positive: false,
    random_state: null,
    solver: 'auto',
    tol: 0.0001,
  },
};
const PIPELINE: PyObject = {
  'sklearn.pipeline.Pipeline': { memory: null, steps: [MIN_MAX_SCALER, RIDGE], verbose: false },
};
const METRICS = ['explained-variance-score', 'r2-score', 'mean-squared-error', 'mean-absolute-error'];

/** A stable 32-bit seed from text (FNV-1a), so each model's numbers depend only on the collection seed, revision and name. */
export function seedOf(seed: number, ...parts: string[]): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const ch of parts.join('\u0000')) {
    hash ^= ch.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

function tagRangeOf(spec: GeneratedModelSpec, tag: string): { min: number; max: number } {
  const range = spec.tagRange;
  if (!range) return { min: 0, max: 1 };
  if ('min' in range && typeof range.min === 'number') return range as { min: number; max: number };
  return (range as Record<string, { min: number; max: number }>)[tag] ?? { min: 0, max: 1 };
}

function utcString(micros: number): string {
  return formatIndexKeys([{ micros, offset: 0 }])[0] as string;
}

function foldScores(random: Random, base: number, spread: number): PyObject {
  const folds = [0, 1, 2].map(() => base + spread * random.between(-1, 1));
  const mean = folds.reduce((a, b) => a + b, 0) / 3;
  const std = Math.sqrt(folds.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
  return {
    'fold-mean': mean,
    'fold-std': std,
    'fold-max': Math.max(...folds),
    'fold-min': Math.min(...folds),
    'fold-1': folds[0] as number,
    'fold-2': folds[1] as number,
    'fold-3': folds[2] as number,
  };
}

/**
 * A `metadata.json` document with the keys and shapes of one `gordo build` writes (gordo-api.md §2),
 * made up deterministically from `seed`, and the emulator's linear model under
 * `metadata.user_defined["latigo-emulator"]`. Kept small: histograms have a few bins.
 */
export function generateMetadata(
  project: string,
  revision: string,
  spec: GeneratedModelSpec,
  seed: number,
): PyObject {
  const random = createRandom(seedOf(seed, revision, spec.name));
  const targets = spec.targets ?? spec.tags;
  const resolution = spec.resolution ?? '10T';
  const anomaly = spec.anomaly ?? true;
  const window = spec.window === undefined ? 6 : spec.window;
  const smoothing = spec.smoothingMethod ?? 'smm';
  const trainStart = spec.trainStartDate ?? '2020-01-01T00:00:00+00:00';
  const trainEnd = spec.trainEndDate ?? '2020-01-03T00:00:00+00:00';
  const startMicros = parseIsoTimestamp(trainStart)?.micros ?? 0;
  const endMicros = parseIsoTimestamp(trainEnd)?.micros ?? startMicros;
  const step = resolutionMicros(resolution) ?? 600_000_000;
  const rows = Math.max(6, Math.floor((endMicros - startMicros) / step));

  const allTags = [...new Set([...spec.tags, ...targets])];
  const statistics: PyObject = {};
  const stats: Record<string, { min: number; max: number; mean: number; std: number }> = {};
  for (const tag of allTags) {
    const { min: lo, max: hi } = tagRangeOf(spec, tag);
    const width = hi - lo;
    const min = lo + width * random.between(0, 0.02);
    const max = hi - width * random.between(0, 0.02);
    const mean = (min + max) / 2 + width * random.between(-0.05, 0.05);
    const std = width * random.between(0.22, 0.3);
    stats[tag] = { min, max, mean, std };
    statistics[tag] = {
      count: new PyFloat(rows),
      mean,
      std,
      min,
      '25%': mean - 0.67 * std,
      '50%': mean + width * random.between(-0.02, 0.02),
      '75%': mean + 0.67 * std,
      max,
    };
  }
  const params: LinearModelParams = deriveParams({ tags: spec.tags, targets, summaryStatistics: stats });
  if (spec.linear) params.targets = { ...params.targets, ...spec.linear };

  const featureThresholds = targets.map((t) => {
    const s = stats[t] as { min: number; max: number };
    return 0.03 * (s.max - s.min) * random.between(0.6, 1);
  });
  const aggregateThreshold =
    featureThresholds.reduce((sum, f, j) => {
      const s = stats[targets[j] as string] as { min: number; max: number };
      return sum + (f / (s.max - s.min || 1)) ** 2;
    }, 0) / Math.max(1, targets.length);
  const perFold = (final: number) => ({
    'fold-0': final * random.between(1, 3),
    'fold-1': final * random.between(1, 3),
    'fold-2': final,
  });
  const thresholds = (spec.thresholds ?? anomaly) && anomaly;
  const featurePerFold: PyObject = Object.fromEntries(
    targets.map((t, j) => [t, perFold(featureThresholds[j] as number)]),
  );
  const aggregatePerFold = perFold(aggregateThreshold);
  const modelMeta: PyObject = !anomaly
    ? {}
    : {
        ...(thresholds
          ? {
              'feature-thresholds': featureThresholds,
              'aggregate-threshold': aggregateThreshold,
              'feature-thresholds-per-fold': featurePerFold,
              'aggregate-thresholds-per-fold': aggregatePerFold,
            }
          : {}),
        ...(window !== null ? { window, 'smoothing-method': smoothing } : {}),
        ...(thresholds && window !== null
          ? {
              'smooth-feature-thresholds': featureThresholds,
              'smooth-aggregate-threshold': aggregateThreshold,
              'smooth-feature-thresholds-per-fold': featurePerFold,
              'smooth-aggregate-thresholds-per-fold': aggregatePerFold,
            }
          : {}),
        scaler: 'MinMaxScaler()',
        base_estimator: "Pipeline(steps=[('step_0', MinMaxScaler()), ('step_1', Ridge())])",
        shuffle: false,
      };

  const scores: PyObject = {};
  for (const metric of METRICS) {
    const [base, spread] = metric.endsWith('error') ? [0.001, 0.0008] : [0.98, 0.015];
    for (const tag of targets) scores[`${metric}-${tag}`] = foldScores(random, base, spread);
    scores[metric] = foldScores(random, base, spread);
  }
  const foldRows = Math.floor(rows / 4);
  const splits: PyObject = {};
  for (let k = 1; k <= 3; k++) {
    splits[`fold-${k}-train-start`] = utcString(startMicros);
    splits[`fold-${k}-train-end`] = utcString(startMicros + (k * foldRows - 1) * step);
    splits[`fold-${k}-test-start`] = utcString(startMicros + k * foldRows * step);
    splits[`fold-${k}-test-end`] = utcString(startMicros + ((k + 1) * foldRows - 1) * step);
    splits[`fold-${k}-n-train`] = k * foldRows;
    splits[`fold-${k}-n-test`] = foldRows;
  }
  const tagLoading: PyObject = {};
  for (const tag of allTags) {
    tagLoading[tag] = {
      original_length: Math.round(rows * random.between(0.35, 1)),
      resampled_length: rows + 1,
      first_timestamp: new PyFloat(startMicros / 1e6),
      last_timestamp: new PyFloat(endMicros / 1e6),
      gaps: {},
    };
  }
  tagLoading['aggregate_metadata'] = { joined_length: rows, dropped_na_length: rows };
  tagLoading['tags'] = Object.fromEntries(allTags.map((t) => [t, { name: t }]));
  const xHist: PyObject = {};
  for (const tag of spec.tags) {
    const s = stats[tag] as { min: number; max: number };
    const edges = [0, 1, 2, 3, 4].map((i) => s.min + ((s.max - s.min) * i) / 4);
    xHist[tag] = JSON.stringify(
      Object.fromEntries(
        edges
          .slice(0, -1)
          .map((e, i) => [
            `(${e.toPrecision(3)}, ${(edges[i + 1] as number).toPrecision(3)}]`,
            Math.round(rows / 4),
          ]),
      ),
    );
  }
  const created = utcString(Number(revision.replace(/\D/g, '').slice(0, 13) || '0') * 1000);

  const model: PyObject = anomaly
    ? {
        [DIFF_DETECTOR]: {
          base_estimator: PIPELINE,
          scaler: MIN_MAX_SCALER,
          shuffle: false,
          ...(window !== null ? { window, smoothing_method: smoothing } : {}),
        },
      }
    : PIPELINE;
  return {
    name: spec.name,
    dataset: {
      target_tag_list: targets,
      additional_tags: null,
      default_tag: null,
      data_provider: {
        min_size: 100,
        max_size: 300,
        type: 'gordo_core.data_providers.providers.RandomDataProvider',
      },
      resolution,
      row_filter: '',
      known_filter_periods: null,
      aggregation_methods: 'mean',
      row_filter_buffer_size: 0,
      asset: null,
      n_samples_threshold: 0,
      interpolation_method: 'linear_interpolation',
      interpolation_limit: '48H',
      filter_periods: null,
      tag_list: spec.tags,
      train_start_date: trainStart,
      train_end_date: trainEnd,
      type: 'gordo_core.time_series.TimeSeriesDataset',
    },
    model,
    metadata: {
      user_defined: {
        'global-metadata': {},
        'machine-metadata': {},
        [EMULATOR_PARAMS_KEY]: paramsDocument(params),
      },
      build_metadata: {
        model: {
          model_offset: spec.modelOffset ?? 0,
          model_creation_date: `${created.slice(0, 19)}.000000+00:00`,
          model_builder_version: '6.0.4',
          cross_validation: { scores, cv_duration_sec: random.between(0.03, 0.15), splits },
          model_training_duration_sec: random.between(0.002, 0.006),
          model_meta: modelMeta,
        },
        dataset: {
          query_duration_sec: random.between(0.02, 0.08),
          dataset_meta: {
            row_filter_tags: [],
            tag_loading_metadata: tagLoading,
            train_start_date_actual: utcString(startMicros),
            train_end_date_actual: utcString(endMicros),
            summary_statistics: statistics,
            x_hist: xHist,
          },
        },
      },
    },
    runtime: { reporters: [] },
    project_name: project,
    evaluation: { cv_mode: 'full_build' },
  };
}

function paramsDocument(params: LinearModelParams): PyJson {
  return {
    model:
      'linear: y[target] = intercept + sum(weights[input] * x[input]); scaler = [min, max] of the training target',
    targets: params.targets as unknown as PyObject,
    scaler: params.scaler as unknown as PyObject,
  };
}

/** `info.json`: a checksum of the model's configuration (sha512 hex, as gordo writes). */
export function generatedInfo(
  spec: GeneratedModelSpec,
  revision: string,
  sha512: (text: string) => string,
): PyObject {
  return { checksum: sha512(JSON.stringify({ revision, spec })) };
}
