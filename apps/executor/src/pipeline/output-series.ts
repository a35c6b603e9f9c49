import type { PredictionFrame } from '@latigo/gordo-client';

/** Groups of a prediction that are not stored: the row bounds and the model's own input. */
const NOT_STORED = new Set(['start', 'end', 'model-input']);

/** One prediction column and the series it goes to. */
export interface OutputColumn {
  readonly group: string;
  /** The tag the column derives from; '' for aggregates (`total-anomaly-*`). */
  readonly tag: string;
  /** `{tag}|{model}|{group}`, or `{facility}.INDICATOR|{model}|{group}` for aggregates. */
  readonly name: string;
  /** `Gordo {group} - {tag}`, as the original (aggregates end in " - "). */
  readonly description: string;
  readonly values: Float64Array;
}

/**
 * The original's naming convention for output series (latigo `prediction_storage_provider`):
 * every group except start, end and model-input is stored, one series per column, named
 * `{tag}|{model}|{group}` with `|` inside a part replaced by `-`; a column without a tag (the
 * totals) is named after the facility's indicator, `{facility}.INDICATOR`.
 */
export function outputColumns(
  frame: PredictionFrame,
  options: { model: string; facility: string },
): OutputColumn[] {
  const columns: OutputColumn[] = [];
  for (const [group, names] of frame.columns) {
    if (NOT_STORED.has(group)) continue;
    for (const [tag, values] of names) {
      columns.push({
        group,
        tag,
        name: outputSeriesName({ tag, model: options.model, group, facility: options.facility }),
        description: `Gordo ${group} - ${tag}`,
        values,
      });
    }
  }
  return columns;
}

export function outputSeriesName(parts: {
  tag: string;
  model: string;
  group: string;
  facility: string;
}): string {
  const tag = parts.tag === '' ? `${parts.facility}.INDICATOR` : parts.tag;
  return [tag, parts.model, parts.group].map((part) => part.replaceAll('|', '-')).join('|');
}

/** Positions [start, end) of the rows whose timestamp lies in [from, to) (index ascending). */
export function rowsWithin(
  index: ArrayLike<number>,
  from: number,
  to: number,
): { start: number; end: number } {
  let start = 0;
  while (start < index.length && (index[start] as number) < from) start++;
  let end = start;
  while (end < index.length && (index[end] as number) < to) end++;
  return { start, end };
}
