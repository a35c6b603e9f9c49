import { existsSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './errors';
import { interpolateEnv, type Env } from './interpolate';
import { formatKeyPath } from './key-path';
import { mergeLayers, type ConfigLayer } from './merge';
import { walkWithSchema } from './walk';
import { readYamlFile } from './yaml-file';

export interface LoadConfigOptions<S extends z.ZodType> {
  schema: S;
  /** The app's defaults, e.g. `apps/executor/config/defaults.yaml`. */
  defaultsFile: string;
  /** Environment variable naming the override file, e.g. `LATIGO_EXECUTOR_CONFIG_FILE`. */
  overrideFileEnvVar?: string;
  /** An explicit override file (e.g. from `--config`); wins over the environment variable. */
  overrideFile?: string;
  env?: Env;
}

export interface LoadedConfig<T> {
  config: T;
  /** The files merged, in order. */
  files: string[];
  /** Problems that do not stop the start, e.g. unknown keys (a typo, or a key we do not use). */
  warnings: ConfigIssue[];
}

/**
 * Loads defaults, deep-merges the override file, interpolates `${VAR}`/`${VAR:-default}`, then
 * validates. Throws one `ConfigError` carrying every problem found, each with its key path and
 * the file it came from.
 */
export async function loadConfig<S extends z.ZodType>(options: LoadConfigOptions<S>): Promise<LoadedConfig<z.output<S>>> {
  const env = options.env ?? process.env;
  const overrideFile =
    options.overrideFile ?? (options.overrideFileEnvVar ? nonEmpty(env[options.overrideFileEnvVar]) : undefined);
  const files = [options.defaultsFile, ...(overrideFile ? [overrideFile] : [])];

  const issues: ConfigIssue[] = [];
  const layers: ConfigLayer[] = [];
  for (const file of files) {
    if (file === overrideFile && !existsSync(file)) {
      const origin = options.overrideFile ? 'given on the command line' : `named by ${options.overrideFileEnvVar}`;
      throw new ConfigError('CONFIG_FILE_UNREADABLE', [
        { path: '(file)', file, message: `override file ${origin} does not exist` },
      ]);
    }
    const loaded = await readYamlFile(file);
    layers.push({ file, data: interpolateEnv(loaded.data, env, file, issues) as Record<string, unknown> });
  }
  const merged = mergeLayers(layers);
  const fileOf = (path: readonly PropertyKey[]) => merged.sourceOf(path) ?? files.join(' + ');

  const warnings: ConfigIssue[] = [];
  walkWithSchema(options.schema, merged.data, {
    onUnknownKey: (path) =>
      warnings.push({ path: formatKeyPath(path), file: fileOf(path), message: 'unknown key (ignored); check its spelling' }),
  });

  const parsed = options.schema.safeParse(merged.data);
  if (!parsed.success) {
    const alreadyReported = new Set(issues.map((i) => i.path));
    for (const issue of parsed.error.issues) {
      const path = formatKeyPath(issue.path);
      if (alreadyReported.has(path)) continue;
      const exact = merged.sourceOf(issue.path);
      const missing = issue.code === 'invalid_type' && readAt(merged.data, issue.path) === undefined;
      issues.push({
        path,
        file: missing ? `not set in ${files.join(' or ')}` : (exact ?? fileOf(issue.path)),
        message: missing ? `required: expected ${'expected' in issue ? issue.expected : 'a value'}` : issue.message,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError('CONFIG_INVALID', issues);
  return { config: parsed.data as z.output<S>, files, warnings };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value : undefined;
}

function readAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
