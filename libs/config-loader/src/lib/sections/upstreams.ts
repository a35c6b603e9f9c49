import { z } from 'zod';
import { boolean, doc, ignored, integer } from '../schema';
import { authSchema } from './auth';

const url = (what: string) => doc(z.url({ protocol: /^https?$/ }), `Base URL of ${what}.`);

/** `model_info` and `predictor`: a Gordo server (the original's gordo client options). */
export const gordoSectionSchema = z.object({
  type: doc(z.literal('gordo').default('gordo'), 'Only `gordo`.'),
  connection_string: doc(
    z.url({ protocol: /^https?$/ }),
    'Gordo base URL, e.g. https://gordo.example/gordo/v0/ (the path is optional).',
  ),
  batch_size: doc(integer().pipe(z.number().positive()).default(1000), 'Rows per prediction request.'),
  parallelism: doc(integer().pipe(z.number().positive()).default(10), 'Concurrent requests per client.'),
  n_retries: doc(integer().pipe(z.number().nonnegative()).default(5), 'Retries of a failed request.'),
  use_parquet: doc(boolean().default(true), 'Send predictions as parquet (else JSON).'),
  forward_resampled_sensors: doc(boolean().default(false), 'Forward the resampled input data with the results.'),
  metadata: ignored(z.unknown().optional(), 'unused by the original.'),
  data_provider: ignored(z.unknown().optional(), 'unused by the original.'),
  prediction_forwarder: ignored(z.unknown().optional(), 'unused by the original.'),
  target: ignored(z.unknown().optional(), 'unused by the original.'),
  ignore_unhealthy_targets: ignored(z.unknown().optional(), 'unused by the original.'),
  auth: authSchema.prefault({}),
});

/** `sensor_data` and `prediction_storage`: the Omnia Timeseries API. */
export const timeSeriesSectionSchema = z.object({
  type: doc(z.literal('time_series_api').default('time_series_api'), 'Only `time_series_api`.'),
  base_url: url('the Omnia Timeseries API, e.g. https://api.gateway.equinor.com/plant/timeseries/v1.6'),
  async: ignored(z.unknown().optional(), 'unused by the original.'),
  auth: authSchema.prefault({}),
});

/** `models_metadata_info` and `prediction_metadata_storage`: the Omnia Prevent metadata API. */
export const metadataApiSectionSchema = z.object({
  type: doc(z.literal('metadata_api').default('metadata_api'), 'Only `metadata_api`.'),
  base_url: url('the Omnia Prevent metadata API'),
  auth: authSchema.prefault({}),
});

export type GordoSectionConfig = z.output<typeof gordoSectionSchema>;
export type TimeSeriesSectionConfig = z.output<typeof timeSeriesSectionSchema>;
export type MetadataApiSectionConfig = z.output<typeof metadataApiSectionSchema>;
