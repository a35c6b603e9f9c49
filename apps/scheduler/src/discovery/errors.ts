export type DiscoveryErrorCode =
  /** The project list could not be read (metadata API down, bad answer). */
  | 'DISCOVERY_PROJECTS_UNAVAILABLE'
  /** The project list is empty, or every project is excluded. */
  | 'DISCOVERY_NO_PROJECTS'
  /** Gordo failed for every project: nothing could be scheduled. */
  | 'DISCOVERY_ALL_PROJECTS_FAILED';

/**
 * Model discovery found nothing to schedule. The slot is not recorded as done, so it is tried
 * again (the original lost the slot); a failure of some projects only is not an error.
 */
export class DiscoveryError extends Error {
  constructor(
    readonly code: DiscoveryErrorCode,
    message: string,
    readonly context: {
      projects?: readonly string[];
      failures?: readonly { project: string; code: string }[];
    } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DiscoveryError';
  }
}

/** The stable code of any error, for logs and metric labels (`UNKNOWN` when it has none). */
export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
