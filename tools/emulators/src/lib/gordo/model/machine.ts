import { GordoHttpError } from '../errors';
import { resolutionMicros } from '../frames/timestamps';
import { isPyObject, keysInOrder, numberValue, type PyJson, type PyObject } from '../python/json';

/** What the emulator needs to know about a model, read from its `metadata.json` (gordo's `Machine.to_dict()`). */
export interface MachineFacts {
  name: string;
  /** Input tag names, resolved through `dataset_meta.tag_loading_metadata.tags`. */
  tags: string[];
  /** Target tag names (the input tags when the metadata has none). */
  targets: string[];
  /** `dataset.resolution` in microseconds; null when absent or not a fixed span. */
  resolutionMicros: number | null;
  /** The top-level model class, e.g. `sklearn.pipeline.Pipeline` (shown in the 422 message). */
  modelClass: string;
  /** True for gordo's anomaly detectors (the classes with `.anomaly`). */
  isAnomalyDetector: boolean;
  /** Short class names of the base estimator's steps, e.g. `['MinMaxScaler', 'Ridge']` (they name sklearn's errors). */
  steps: string[];
  modelOffset: number;
  featureThresholds: number[] | null;
  aggregateThreshold: number | null;
  window: number | null;
  smoothingMethod: 'smm' | 'sma' | 'ewma' | null;
  /** `dataset_meta.summary_statistics`: per tag `{min, max, mean, …}`. */
  summaryStatistics: Record<
    string,
    {
      min?: number | undefined;
      max?: number | undefined;
      mean?: number | undefined;
      std?: number | undefined;
    }
  >;
  /** Set when a tag does not resolve through the `tags` map: predictions then answer 500, as on the server. */
  tagError?: GordoHttpError;
}

const ANOMALY_DETECTORS = /\.(DiffBasedAnomalyDetector|DiffBasedKFCVAnomalyDetector)$/;

function obj(value: PyJson | undefined): PyObject {
  return isPyObject(value) ? value : {};
}

function path(root: PyObject, ...keys: string[]): PyJson | undefined {
  let node: PyJson | undefined = root;
  for (const key of keys) {
    if (!isPyObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function shortName(className: string): string {
  return className.slice(className.lastIndexOf('.') + 1);
}

/** The class path of a serialized definition: `"sklearn.x.Y"` or `{"sklearn.x.Y": {...}}`. */
function classOf(definition: PyJson | undefined): string | undefined {
  if (typeof definition === 'string') return definition;
  if (isPyObject(definition)) return keysInOrder(definition)[0];
  return undefined;
}

function stepsOf(definition: PyJson | undefined): string[] {
  const cls = classOf(definition);
  if (!cls) return [];
  const params = isPyObject(definition) ? obj(definition[cls]) : {};
  if (/\.Pipeline$/.test(cls) && Array.isArray(params['steps'])) {
    return params['steps'].flatMap((step) => {
      // steps are definitions, or [name, definition] pairs
      const def = Array.isArray(step) ? step[1] : step;
      return stepsOf(def);
    });
  }
  if (ANOMALY_DETECTORS.test(cls)) return stepsOf(params['base_estimator']);
  return [shortName(cls)];
}

function tagName(entry: PyJson | undefined): string | undefined {
  if (typeof entry === 'string') return entry;
  if (isPyObject(entry) && typeof entry['name'] === 'string') return entry['name'];
  return undefined;
}

function numbers(value: PyJson | undefined): number[] | null {
  if (!Array.isArray(value)) return null;
  const out = value.map((v) => numberValue(v));
  return out.every((v) => v !== undefined) ? (out as number[]) : null;
}

/** Reads the facts from a metadata document; tags that do not resolve make predictions 500, as on the server. */
export function machineFacts(metadata: PyObject): MachineFacts {
  const dataset = obj(metadata['dataset']);
  const tagsMap = obj(
    path(metadata, 'metadata', 'build_metadata', 'dataset', 'dataset_meta', 'tag_loading_metadata', 'tags'),
  );
  const resolve = (list: PyJson | undefined): string[] | null => {
    if (!Array.isArray(list)) return null;
    return list.map((entry) => {
      const name = tagName(entry);
      if (name === undefined || !isPyObject(tagsMap[name])) throw GordoHttpError.crash();
      return tagName(tagsMap[name]) ?? name;
    });
  };
  const model = metadata['model'];
  const modelClass = classOf(model) ?? 'builtins.NoneType';
  const modelParams = isPyObject(model) ? obj(model[modelClass]) : {};
  const meta = obj(path(metadata, 'metadata', 'build_metadata', 'model', 'model_meta'));
  const windowValue = numberValue(meta['window']) ?? numberValue(modelParams['window']);
  const smoothing = meta['smoothing-method'] ?? modelParams['smoothing_method'];
  const stats = obj(
    path(metadata, 'metadata', 'build_metadata', 'dataset', 'dataset_meta', 'summary_statistics'),
  );
  const summaryStatistics: MachineFacts['summaryStatistics'] = {};
  for (const tag of Object.keys(stats)) {
    const s = obj(stats[tag]);
    summaryStatistics[tag] = {
      min: numberValue(s['min']),
      max: numberValue(s['max']),
      mean: numberValue(s['mean']),
      std: numberValue(s['std']),
    };
  }
  let tags: string[] | null = null;
  let targets: string[] | null = null;
  // Resolution errors surface only when a prediction needs the tags (as on the server).
  let tagError: GordoHttpError | undefined;
  try {
    tags = resolve(dataset['tag_list']) ?? [];
    targets = resolve(dataset['target_tag_list']);
  } catch (error) {
    tagError = error as GordoHttpError;
  }
  const facts: MachineFacts = {
    name: typeof metadata['name'] === 'string' ? metadata['name'] : '',
    tags: tags ?? [],
    targets: targets && targets.length > 0 ? targets : (tags ?? []),
    resolutionMicros: resolutionMicros(dataset['resolution']),
    modelClass,
    isAnomalyDetector: ANOMALY_DETECTORS.test(modelClass),
    steps: stepsOf(model),
    modelOffset: numberValue(path(metadata, 'metadata', 'build_metadata', 'model', 'model_offset')) ?? 0,
    featureThresholds: numbers(meta['feature-thresholds']),
    aggregateThreshold: numberValue(meta['aggregate-threshold']) ?? null,
    window: windowValue ?? null,
    smoothingMethod:
      smoothing === 'sma' || smoothing === 'ewma' ? smoothing : windowValue !== undefined ? 'smm' : null,
    summaryStatistics,
    ...(tagError ? { tagError } : {}),
  };
  return facts;
}
