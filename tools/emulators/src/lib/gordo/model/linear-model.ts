import { isPyObject, numberValue, type PyJson, type PyObject } from '../python/json';
import { machineFacts, type MachineFacts } from './machine';

/** Where a generated metadata document keeps the emulator's model: `metadata.user_defined["latigo-emulator"]`. */
export const EMULATOR_PARAMS_KEY = 'latigo-emulator';

/**
 * The emulator's deterministic stand-in for the pickled model: per target tag
 * `ŷ = intercept + Σ weights[input] · x[input]` (unscaled units), plus the anomaly scaler
 * (MinMax over the training targets) as `[min, max]` per target.
 */
export interface LinearModelParams {
  targets: Record<string, { intercept: number; weights: Record<string, number> }>;
  scaler: Record<string, [number, number]>;
}

/** A model ready to serve: facts from the metadata and the linear map. */
export interface EmulatedModel {
  facts: MachineFacts;
  params: LinearModelParams;
}

/** How strongly a derived model follows the target's own input (the rest pulls it to the training mean). */
const FOLLOW = 0.9;

/** The params stored in the metadata, or ones derived from `summary_statistics` (for models gordo built). */
export function emulatedModel(metadata: PyObject): EmulatedModel {
  const facts = machineFacts(metadata);
  const userDefined = (metadata['metadata'] as PyObject | undefined)?.['user_defined'];
  const stored = isPyObject(userDefined) ? readParams(userDefined[EMULATOR_PARAMS_KEY]) : undefined;
  return { facts, params: stored ?? deriveParams(facts) };
}

function readParams(value: PyJson | undefined): LinearModelParams | undefined {
  if (!isPyObject(value) || !isPyObject(value['targets']) || !isPyObject(value['scaler'])) return undefined;
  const targets: LinearModelParams['targets'] = {};
  for (const [tag, spec] of Object.entries(value['targets'])) {
    if (!isPyObject(spec)) return undefined;
    const weights: Record<string, number> = {};
    for (const [input, w] of Object.entries(isPyObject(spec['weights']) ? spec['weights'] : {}))
      weights[input] = numberValue(w) ?? 0;
    targets[tag] = { intercept: numberValue(spec['intercept']) ?? 0, weights };
  }
  const scaler: LinearModelParams['scaler'] = {};
  for (const [tag, range] of Object.entries(value['scaler'])) {
    if (!Array.isArray(range)) return undefined;
    scaler[tag] = [numberValue(range[0]) ?? 0, numberValue(range[1]) ?? 1];
  }
  return { targets, scaler };
}

/** A model that tracks each target's own input and leans 10 % towards its training mean (a mean when the target is no input). */
export function deriveParams(
  facts: Pick<MachineFacts, 'tags' | 'targets' | 'summaryStatistics'>,
): LinearModelParams {
  const targets: LinearModelParams['targets'] = {};
  const scaler: LinearModelParams['scaler'] = {};
  for (const tag of facts.targets) {
    const stats = facts.summaryStatistics[tag] ?? {};
    const min = stats.min ?? 0;
    const max = stats.max ?? 1;
    const mean = stats.mean ?? (min + max) / 2;
    targets[tag] = facts.tags.includes(tag)
      ? { intercept: (1 - FOLLOW) * mean, weights: { [tag]: FOLLOW } }
      : { intercept: mean, weights: {} };
    scaler[tag] = [min, max];
  }
  return { targets, scaler };
}

/**
 * `model.predict(X)`: one output column per target. With a model offset the first `offset` rows
 * have no output (as for gordo's windowed models), so the output is shorter than the input.
 */
export function predict(model: EmulatedModel, inputs: readonly Float64Array[], rows: number): Float64Array[] {
  const { facts, params } = model;
  const offset = Math.min(Math.max(0, Math.trunc(facts.modelOffset)), rows);
  const position = new Map(facts.tags.map((tag, i) => [tag, i]));
  return facts.targets.map((tag) => {
    const spec = params.targets[tag] ?? { intercept: 0, weights: {} };
    const terms = Object.entries(spec.weights).flatMap(([input, w]) => {
      const i = position.get(input);
      return i === undefined ? [] : [[inputs[i] as Float64Array, w] as const];
    });
    const out = new Float64Array(rows - offset);
    for (let r = offset; r < rows; r++) {
      let v = spec.intercept;
      for (const [column, w] of terms) v += w * (column[r] as number);
      out[r - offset] = v;
    }
    return out;
  });
}
