export type ConfigErrorCode =
  /** The merged configuration does not satisfy the schema (every problem is in `issues`). */
  | 'CONFIG_INVALID'
  /** A configuration file could not be read (missing, permissions, a directory). */
  | 'CONFIG_FILE_UNREADABLE'
  /** A configuration file is not valid YAML or its top level is not a mapping. */
  | 'CONFIG_FILE_MALFORMED';

/** One problem, located: which key, in which file, and what was expected. */
export interface ConfigIssue {
  /** Key path as an operator writes it, e.g. `task_queue["session.timeout.ms"]`. */
  path: string;
  /** The file the offending value came from, or every file consulted when the key is missing. */
  file: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    readonly issues: readonly ConfigIssue[],
    options?: { cause?: unknown },
  ) {
    super(formatIssues(code, issues), options);
    this.name = 'ConfigError';
  }
}

function formatIssues(code: ConfigErrorCode, issues: readonly ConfigIssue[]): string {
  const heading =
    code === 'CONFIG_INVALID'
      ? `Configuration is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):`
      : code === 'CONFIG_FILE_UNREADABLE'
        ? 'Configuration file cannot be read:'
        : 'Configuration file is malformed:';
  return [heading, ...issues.map((i) => `  - ${i.path} (${i.file}): ${i.message}`)].join('\n');
}
