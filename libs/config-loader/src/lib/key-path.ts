export type KeyPath = readonly PropertyKey[];

const PLAIN_SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Renders a key path the way an operator reads it: `task_queue["security.protocol"]`,
 * `model_info.auth.client_id`, `scheduler.projects[2]`. Kafka-style dotted keys are single keys,
 * so they are bracketed rather than split.
 */
export function formatKeyPath(path: KeyPath): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_SEGMENT.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** A stable map key for a path (segments may contain dots, so never join with '.'). */
export function pathKey(path: KeyPath): string {
  return JSON.stringify(path.map((s) => (typeof s === 'symbol' ? s.toString() : s)));
}
