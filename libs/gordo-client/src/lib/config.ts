import type { RequestAuthenticator } from '@latigo/http-client';
import type { Logger } from '@latigo/observability';
import type { Dispatcher } from 'undici';
import type { GordoClientOptions } from './client';

/**
 * The keys of a Latigo `model_info` / `predictor` section this client uses (the shape of
 * `GordoSectionConfig` from `@latigo/config-loader`, restated so this lib does not depend on it).
 */
export interface GordoSection {
  connection_string: string;
  batch_size?: number;
  parallelism?: number;
  /** Retries after the first attempt. */
  n_retries?: number;
  use_parquet?: boolean;
}

/** What the config does not say: the project, and the wiring the app owns. */
export interface GordoWiring {
  project: string;
  dispatcher?: Dispatcher;
  authenticator?: RequestAuthenticator;
  logger?: Logger;
  timeoutMs?: number;
}

/**
 * Client options from a Latigo config section. `n_retries` keeps its meaning (retries after the
 * first attempt), but the waits are jittered from 1 s doubling up to 30 s, not the Python
 * client's fixed 8, 16, 32 … 300 s: a failed task is retried by the executor anyway.
 */
export function gordoClientOptionsFromConfig(section: GordoSection, wiring: GordoWiring): GordoClientOptions {
  return {
    ...wiring,
    baseUrl: section.connection_string,
    batchSize: section.batch_size,
    parallelism: section.parallelism,
    format: section.use_parquet === false ? 'json' : 'parquet',
    retry: { maxAttempts: (section.n_retries ?? 5) + 1, baseDelayMs: 1000, maxDelayMs: 30_000 },
  };
}
