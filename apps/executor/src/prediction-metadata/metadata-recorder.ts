import type { MetadataClient, PredictionMetadata } from '@latigo/metadata-client';
import type { MetadataRecorder } from '../pipeline/ports';

/** Records prediction runs in the Omnia Prevent metadata API (`prediction_metadata_storage`). */
export class MetadataApiRecorder implements MetadataRecorder {
  constructor(private readonly client: MetadataClient) {}

  record(record: PredictionMetadata): Promise<{ modelId: number | string }> {
    return this.client.storePredictionMetadata(record);
  }
}
