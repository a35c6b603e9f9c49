import type { EmulatedModel } from '../model/linear-model';
import { floatColumn, type ResultColumn } from './result-frame';

/**
 * The anomaly columns of `DiffBasedAnomalyDetector.anomaly` (gordo-api.md §1.6), in the server's
 * column order, from the model output `yhat` and the observed `y` (one array per target tag):
 * - `tag-anomaly-scaled` = |S(ŷ) − S(y)| with S the MinMax scaler of the training targets,
 *   `total-anomaly-scaled` = mean over tags of its square; the same unscaled;
 * - `smooth-*` = rolling median (`smm`), mean (`sma`) or EWM (`ewma`, span = window) of those,
 *   only with a window and only when `allColumns` (the server drops them otherwise);
 * - `anomaly-confidence` = unscaled / feature threshold, `total-anomaly-confidence` = total scaled /
 *   aggregate threshold, when the metadata has thresholds.
 */
export function anomalyColumns(
  model: EmulatedModel,
  yhat: readonly Float64Array[],
  y: readonly Float64Array[],
  allColumns: boolean,
): ResultColumn[] {
  const { facts, params } = model;
  const targets = facts.targets;
  const rows = yhat[0]?.length ?? 0;
  const scaled: Float64Array[] = [];
  const unscaled: Float64Array[] = [];
  targets.forEach((tag, j) => {
    const [min, max] = params.scaler[tag] ?? [0, 1];
    // sklearn's MinMaxScaler: x * scale + min_, with a zero range treated as 1.
    const scale = max - min === 0 ? 1 : 1 / (max - min);
    const shift = -min * scale;
    const p = yhat[j] as Float64Array;
    const o = y[j] as Float64Array;
    const s = new Float64Array(rows);
    const u = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      s[r] = Math.abs((p[r] as number) * scale + shift - ((o[r] as number) * scale + shift));
      u[r] = Math.abs((p[r] as number) - (o[r] as number));
    }
    scaled.push(s);
    unscaled.push(u);
  });
  const totalScaled = meanOfSquares(scaled, rows);
  const totalUnscaled = meanOfSquares(unscaled, rows);
  const columns: ResultColumn[] = [
    ...targets.map((tag, j) => floatColumn('tag-anomaly-scaled', tag, scaled[j] as Float64Array)),
    floatColumn('total-anomaly-scaled', '', totalScaled),
    ...targets.map((tag, j) => floatColumn('tag-anomaly-unscaled', tag, unscaled[j] as Float64Array)),
    floatColumn('total-anomaly-unscaled', '', totalUnscaled),
  ];
  if (allColumns && facts.window !== null && facts.smoothingMethod !== null) {
    const smooth = smoother(facts.smoothingMethod, facts.window);
    columns.push(
      ...targets.map((tag, j) =>
        floatColumn('smooth-tag-anomaly-scaled', tag, smooth(scaled[j] as Float64Array)),
      ),
      floatColumn('smooth-total-anomaly-scaled', '', smooth(totalScaled)),
      ...targets.map((tag, j) =>
        floatColumn('smooth-tag-anomaly-unscaled', tag, smooth(unscaled[j] as Float64Array)),
      ),
      floatColumn('smooth-total-anomaly-unscaled', '', smooth(totalUnscaled)),
    );
  }
  const thresholds = facts.featureThresholds;
  if (thresholds && thresholds.length === targets.length) {
    columns.push(
      ...targets.map((tag, j) =>
        floatColumn('anomaly-confidence', tag, divide(unscaled[j] as Float64Array, thresholds[j] as number)),
      ),
    );
  }
  if (facts.aggregateThreshold !== null)
    columns.push(floatColumn('total-anomaly-confidence', '', divide(totalScaled, facts.aggregateThreshold)));
  return columns;
}

function meanOfSquares(columns: readonly Float64Array[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (const c of columns) sum += (c[r] as number) ** 2;
    out[r] = sum / columns.length;
  }
  return out;
}

function divide(values: Float64Array, by: number): Float64Array {
  return values.map((v) => v / by);
}

/** pandas' `rolling(window).median()` / `.mean()` (NaN until a full window) and `ewm(span=window).mean()`. */
export function smoother(
  method: 'smm' | 'sma' | 'ewma',
  windowSize: number,
): (values: Float64Array) => Float64Array {
  const window = Math.max(1, Math.trunc(windowSize));
  if (method === 'ewma') {
    const decay = 1 - 2 / (window + 1);
    return (values) => {
      const out = new Float64Array(values.length);
      let average = NaN;
      let weight = 0;
      values.forEach((v, i) => {
        // pandas' adjusted EWM recurrence: the running weight of older values decays each step.
        if (i === 0) {
          average = v;
          weight = 1;
        } else {
          weight *= decay;
          average = (weight * average + v) / (weight + 1);
          weight += 1;
        }
        out[i] = average;
      });
      return out;
    };
  }
  return (values) => {
    const out = new Float64Array(values.length).fill(NaN);
    for (let i = window - 1; i < values.length; i++) {
      const slice = values.subarray(i - window + 1, i + 1);
      out[i] = method === 'smm' ? median(slice) : slice.reduce((a, b) => a + b, 0) / window;
    }
    return out;
  };
}

function median(values: Float64Array): number {
  if (values.some(Number.isNaN)) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
