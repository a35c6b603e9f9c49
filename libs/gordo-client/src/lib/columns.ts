import { groupRank, type RawFrame } from './frame';

/** The tag lists a prediction's columns must be named by (the model's metadata). */
export interface ExpectedColumns {
  readonly inputTags: readonly string[];
  readonly targetTags: readonly string[];
}

/** Columns of a prediction that do not fit the model, as `group/name` (`group` alone for a single column). */
export interface ColumnMismatch {
  readonly unexpected: readonly string[];
  readonly missing: readonly string[];
}

/** Groups every Gordo answer has, on both routes (the anomaly groups depend on the model type). */
const REQUIRED_GROUPS = ['model-input', 'model-output'];

/** Groups of one column, which pandas names `''` (JSON repeats the group name; the decoder renames it). */
const SINGLE_COLUMN_GROUPS = new Set([
  'total-anomaly-scaled',
  'total-anomaly-unscaled',
  'smooth-total-anomaly-scaled',
  'smooth-total-anomaly-unscaled',
  'total-anomaly-confidence',
]);

/**
 * Checks a decoded prediction against the model's tags, as the server builds it: `model-input`
 * is named by the input tags; `model-output` by the target tags (or `"0"`, `"1"`, … when its
 * width differs, as for transformers); the per-tag anomaly groups by the target tags; the
 * totals have one unnamed column. Groups this client does not know may only hold target-tag or
 * unnamed columns. Anything else would be stored under names the model does not have (a proxy
 * or another model answering), so the caller rejects the answer. An empty frame passes: it has
 * nothing to store and the caller reports it as such.
 */
export function columnMismatch(frame: RawFrame, expected: ExpectedColumns): ColumnMismatch | undefined {
  if (frame.columns.length === 0 && frame.index.length === 0) return undefined;
  const groups = new Map<string, string[]>();
  for (const { group, name } of frame.columns) {
    const names = groups.get(group);
    if (names) names.push(name);
    else groups.set(group, [name]);
  }
  const unexpected: string[] = [];
  const missing: string[] = [];
  const exactly = (group: string, names: readonly string[], tags: readonly string[]) => {
    const wanted = new Set(tags);
    for (const name of names) if (!wanted.has(name)) unexpected.push(label(group, name));
    const present = new Set(names);
    for (const tag of tags) if (!present.has(tag)) missing.push(label(group, tag));
  };
  for (const group of REQUIRED_GROUPS) if (!groups.has(group)) missing.push(group);
  const targets = new Set(expected.targetTags);
  // In the server's group order (JSON sorts them by name), so the reason starts with model-input.
  const ordered = [...groups].sort(([a], [b]) => groupRank(a) - groupRank(b));
  for (const [group, names] of ordered) {
    if (group === 'model-input') exactly(group, names, expected.inputTags);
    else if (group === 'model-output' && isPositional(names, expected.targetTags.length)) continue;
    else if (SINGLE_COLUMN_GROUPS.has(group)) exactly(group, names, ['']);
    else if (group === 'model-output' || /^(smooth-)?tag-anomaly-|^anomaly-confidence$/.test(group))
      exactly(group, names, expected.targetTags);
    else for (const name of names) if (name !== '' && !targets.has(name)) unexpected.push(label(group, name));
  }
  return unexpected.length || missing.length ? { unexpected, missing } : undefined;
}

/** `"0"` … `"n-1"`: the server numbers output columns when their count is not the target count. */
function isPositional(names: readonly string[], targetCount: number): boolean {
  if (names.length === targetCount) return false;
  const seen = new Set(names);
  return seen.size === names.length && names.every((n) => /^\d+$/.test(n) && Number(n) < names.length);
}

function label(group: string, name: string): string {
  return name === '' ? group : `${group}/${name}`;
}

/** `a, b, c and 4 more`: a few names, enough to recognise the problem without flooding a log line. */
export function someOf(names: readonly string[], max = 4): string {
  const shown = names.slice(0, max).map((n) => JSON.stringify(n));
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}
