import { GordoHttpError, ModelValueError } from './errors';
import { anomalyColumns } from './frames/anomaly';
import { selectColumns } from './frames/columns';
import { floatColumn, type ResultColumn, type ResultFrame } from './frames/result-frame';
import { blockDtype, rowCount, type Cell, type RowIndex, type Table } from './frames/table';
import { isoformat, type Timestamp } from './frames/timestamps';
import { predict, type EmulatedModel } from './model/linear-model';
import { pyStrRepr } from './python/repr';

/** The two POST routes. */
export type PredictionRoute = 'prediction' | 'anomaly';

export interface PredictionInput {
  X?: Table | undefined;
  y?: Table | undefined;
  /** `?all_columns` (any value): keep the `smooth-*` columns. */
  allColumns: boolean;
}

/**
 * The server's prediction pipeline, in its order of checks: tags resolve, `X` present, `X`
 * columns, `y` columns, (anomaly) `y` present, (anomaly) an anomaly detector, the model's own
 * input validation (sklearn's ValueErrors), then the table of §1.5/§1.6.
 */
export function runPrediction(
  model: EmulatedModel,
  route: PredictionRoute,
  input: PredictionInput,
): ResultFrame {
  const { facts } = model;
  if (facts.tagError) throw facts.tagError;
  if (!input.X) throw GordoHttpError.badRequest('Cannot predict without "X"');
  const X = selectColumns(input.X, facts.tags);
  const y = input.y ? selectColumns(input.y, facts.targets) : undefined;
  if (route === 'anomaly') {
    if (!y) throw GordoHttpError.badRequest("Cannot perform anomaly without 'y' to compare against.");
    if (!facts.isAnomalyDetector)
      throw new GordoHttpError(422, {
        kind: 'json',
        key: 'message',
        text: `Model is not an AnomalyDetector, it is of type: <class '${facts.modelClass}'>`,
      });
  }
  const rows = rowCount(X);
  const inputs = numericBlock(X, model);
  const yhat = predict(model, inputs, rows);
  const n = yhat[0]?.length ?? rows - Math.min(rows, facts.modelOffset);
  const first = rows - n;
  const index = sliceIndex(X.index, first);
  const dtype = blockDtype(X.columns);
  const columns: ResultColumn[] = [
    textColumn('start', startValues(index)),
    textColumn(
      'end',
      route === 'anomaly' ? endValues(index, facts.resolutionMicros) : new Array<null>(n).fill(null),
    ),
    ...X.columns.map((c, i) => ({
      group: 'model-input',
      name: facts.tags[i] as string,
      values: { kind: 'cells' as const, dtype, columnDtype: c.dtype, data: c.values.slice(first) },
    })),
    ...facts.targets.map((tag, j) => floatColumn('model-output', tag, yhat[j] as Float64Array)),
  ];
  if (route === 'anomaly' && y)
    columns.push(...anomalyColumns(model, yhat, alignTargets(y, n), input.allColumns));
  return { index, columns };
}

function textColumn(group: string, data: (string | null)[]): ResultColumn {
  return { group, name: '', values: { kind: 'text', data } };
}

function sliceIndex(index: RowIndex, first: number): RowIndex {
  if (first === 0) return index;
  return index.kind === 'datetime'
    ? { ...index, stamps: index.stamps.slice(first) }
    : { ...index, values: index.values.slice(first) };
}

function startValues(index: RowIndex): (string | null)[] {
  return index.kind === 'datetime' ? index.stamps.map(isoformat) : index.values.map(() => null);
}

/** `start + dataset.resolution` on the anomaly route (null without a datetime index or a fixed resolution). */
function endValues(index: RowIndex, resolution: number | null): (string | null)[] {
  if (index.kind !== 'datetime' || resolution === null)
    return (index.kind === 'datetime' ? index.stamps : index.values).map(() => null);
  return index.stamps.map((s: Timestamp) => isoformat({ micros: s.micros + resolution, offset: s.offset }));
}

// Transformers that let NaN through; the first step that is not one of them names sklearn's NaN error.
const NAN_TOLERANT = new Set([
  'MinMaxScaler',
  'StandardScaler',
  'RobustScaler',
  'MaxAbsScaler',
  'QuantileTransformer',
  'PowerTransformer',
  'SimpleImputer',
  'KNNImputer',
  'IterativeImputer',
]);

/**
 * `X` as the float block sklearn sees, raising the ValueErrors sklearn raises (messages as in
 * scikit-learn 1.5): unconvertible strings, no rows, infinity, NaN.
 */
function numericBlock(X: Table, model: EmulatedModel): Float64Array[] {
  const rows = rowCount(X);
  const steps = model.facts.steps;
  const columns = X.columns.map(() => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    X.columns.forEach((c, i) => {
      (columns[i] as Float64Array)[r] = toFloat(c.values[r] ?? null);
    });
  }
  if (rows === 0) {
    throw new ModelValueError(
      `Found array with 0 sample(s) (shape=(0, ${X.columns.length})) while a minimum of 1 is required by ${steps[0] ?? 'MinMaxScaler'}.`,
    );
  }
  if (columns.some((c) => c.some((v) => v === Infinity || v === -Infinity))) {
    throw new ModelValueError("Input X contains infinity or a value too large for dtype('float64').");
  }
  if (columns.some((c) => c.some(Number.isNaN))) {
    const estimator = steps.find((s) => !NAN_TOLERANT.has(s)) ?? 'Ridge';
    throw new ModelValueError(
      `Input X contains NaN.\n${estimator} does not accept missing values encoded as NaN natively. For supervised learning, you might want to consider sklearn.ensemble.HistGradientBoostingClassifier and Regressor which accept missing values encoded as NaNs natively. Alternatively, it is possible to preprocess the data, for instance by using an imputer transformer in a pipeline or drop samples with missing values. See https://scikit-learn.org/stable/modules/impute.html You can find a list of all estimators that handle NaN values at the following page: https://scikit-learn.org/stable/modules/impute.html#estimators-that-handle-nan-values`,
    );
  }
  return columns;
}

const PYTHON_FLOAT = /^\s*[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.)\s*$/;
const PYTHON_SPECIAL = /^\s*([+-]?)(nan|inf|infinity)\s*$/i;

/** `float(cell)` as numpy does it for an object array. */
function toFloat(cell: Cell): number {
  if (cell === null) return NaN;
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  const special = PYTHON_SPECIAL.exec(cell);
  if (special)
    return (special[2] as string).toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  if (PYTHON_FLOAT.test(cell)) return Number(cell.trim().replace(/_/g, ''));
  throw new ModelValueError(`could not convert string to float: ${pyStrRepr(cell)}`);
}

/**
 * The observed targets for the output rows: the last `n` rows of `y` (the server slices by
 * position, ignoring y's index); a single row is broadcast, other shortfalls fail as numpy does.
 */
function alignTargets(y: Table, n: number): Float64Array[] {
  const rows = rowCount(y);
  if (rows < n && rows !== 1) throw GordoHttpError.crash();
  return y.columns.map((c) => {
    const values = c.values.map((v) => {
      try {
        return toFloat(v);
      } catch {
        throw GordoHttpError.crash(); // a ValueError on the anomaly route is a 500 page
      }
    });
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++)
      out[r] = rows === 1 ? (values[0] as number) : (values[rows - n + r] as number);
    return out;
  });
}
