/** An input tag of a model and the Timeseries series it was read from. */
export interface InputTagRecord {
  name: string;
  timeSeriesId: string;
}

/** A stored output series: per-tag columns are `derived` from an input tag, totals are `aggregated`. */
export interface OutputTagRecord {
  name: string;
  timeSeriesId: string;
  type: 'derived' | 'aggregated';
  /** The input tag it derives from ('' for aggregates). */
  derivedFrom?: string;
  description?: string;
}

/** What one prediction run wrote, as the Omnia Prevent metadata API records it. */
export interface PredictionMetadata {
  projectName: string;
  modelName: string;
  revision: string;
  fromTime: Date;
  toTime: Date;
  trainingTimeFrom: Date;
  trainingTimeTo: Date;
  inputTags: InputTagRecord[];
  outputTags: OutputTagRecord[];
  /** Default: the original's "Gordo prediction for project …" sentence. */
  description?: string;
  labels?: string[] | null;
  status?: string;
}

/** Python's `str(datetime)` for an aware UTC datetime: `2020-04-10 07:00:00+00:00` (microseconds only when set). */
export function pythonDateTime(date: Date): string {
  const iso = date.toISOString(); // 2020-04-10T07:00:00.123Z
  const millis = iso.slice(20, 23);
  const fraction = millis === '000' ? '' : `.${millis}000`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction}+00:00`;
}

/**
 * The POST /models body in the original's wire form: snake_case keys, sorted, 4-space indent,
 * datetimes as Python `str()`, so records from both implementations look alike to readers.
 */
export function encodePredictionMetadata(record: PredictionMetadata): string {
  const description =
    record.description ??
    `Gordo prediction for project '${record.projectName}', model '${record.modelName}'. Prediction period: from '${pythonDateTime(record.fromTime)}' : to '${pythonDateTime(record.toTime)}'`;
  const body = {
    description,
    input_tags: record.inputTags.map((t) => ({ name: t.name, time_series_id: t.timeSeriesId })),
    labels: record.labels ?? null,
    model_name: record.modelName,
    output_tags: record.outputTags.map((t) => ({
      derived_from: t.derivedFrom ?? '',
      description: t.description ?? '',
      name: t.name,
      time_series_id: t.timeSeriesId,
      type: t.type,
    })),
    project_name: record.projectName,
    revision: record.revision,
    status: record.status ?? 'not_defined',
    training_time_from: pythonDateTime(record.trainingTimeFrom),
    training_time_to: pythonDateTime(record.trainingTimeTo),
  };
  return JSON.stringify(body, null, 4);
}
