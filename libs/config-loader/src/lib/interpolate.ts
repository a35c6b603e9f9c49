import type { ConfigIssue } from './errors';
import { formatKeyPath, type KeyPath } from './key-path';

// $$ is a literal '$'; ${NAME} must be set; ${NAME:-default} falls back when unset or empty.
const PLACEHOLDER = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string value (never in keys) with the
 * environment's value. A variable that is unset and has no default is reported as an issue
 * naming the key and the file; the value becomes '' so validation can still report the rest.
 */
export function interpolateEnv(
  value: unknown,
  env: Env,
  file: string,
  issues: ConfigIssue[],
  path: KeyPath = [],
): unknown {
  if (typeof value === 'string') return interpolateString(value, env, file, issues, path);
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, file, issues, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = interpolateEnv(inner, env, file, issues, [...path, key]);
    return out;
  }
  return value;
}

function interpolateString(text: string, env: Env, file: string, issues: ConfigIssue[], path: KeyPath): string {
  return text.replace(PLACEHOLDER, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$$') return '$';
    const found = env[name as string];
    if (found !== undefined && (found !== '' || fallback === undefined)) return found;
    if (fallback !== undefined) return fallback;
    issues.push({
      path: formatKeyPath(path),
      file,
      message: `environment variable ${name} is not set (write \${${name}:-default} to give a default)`,
    });
    return '';
  });
}
