import { HttpService, type HttpServiceOptions, UpstreamError, bodyExcerpt } from '@latigo/http-client';
import { encodePredictionMetadata, type PredictionMetadata } from './prediction-metadata';
import { readTopLevelField } from './top-level-field';

export type MetadataClientOptions = Omit<HttpServiceOptions, 'service'>;

/**
 * The Omnia Prevent metadata API calls Latigo makes: readiness, the project list (scheduler)
 * and one prediction metadata record per task (executor). Auth (bearer token and
 * `Ocp-Apim-Subscription-Key`) comes through the options' authenticator.
 */
export class MetadataClient {
  private readonly http: HttpService;

  constructor(options: MetadataClientOptions) {
    this.http = new HttpService({ service: 'metadata', ...options });
  }

  /** `GET /ready` answers the text `Ok` when the API is up. */
  async ready(): Promise<boolean> {
    const response = await this.http.call({ method: 'GET', path: '/ready' });
    return response.body.toString('utf8').trim() === 'Ok';
  }

  /** The projects to schedule (`GET /projects`). */
  async getProjects(): Promise<string[]> {
    const body = await this.http.json<{ projects?: unknown }>({ method: 'GET', path: '/projects' });
    if (!Array.isArray(body.projects) || !body.projects.every((p) => typeof p === 'string')) {
      throw this.badResponse(
        'GET',
        '/projects',
        `expected {"projects": [string…]}, got ${bodyExcerpt(JSON.stringify(body))}`,
      );
    }
    return body.projects;
  }

  /**
   * Records a prediction run (`POST /models`) and returns the record id. Not retried here: the
   * API may create a record per call, so a repeat is the task's decision, not the client's.
   */
  async storePredictionMetadata(record: PredictionMetadata): Promise<{ modelId: number | string }> {
    const body = await this.http.json<{ model_id?: unknown }>(
      {
        method: 'POST',
        path: '/models',
        headers: { 'content-type': 'application/json' },
        // As bytes outside the JS heap: a string body would outlive the request in the old generation.
        body: Buffer.from(encodePredictionMetadata(record)),
      },
      parseModelIdAnswer,
    );
    if (typeof body.model_id !== 'number' && typeof body.model_id !== 'string') {
      throw this.badResponse(
        'POST',
        '/models',
        `expected "model_id" in the answer, got ${bodyExcerpt(JSON.stringify(body))}`,
      );
    }
    return { modelId: body.model_id };
  }

  private badResponse(method: string, path: string, detail: string): UpstreamError {
    return new UpstreamError('UPSTREAM_BAD_RESPONSE', `metadata: ${method} ${path}: ${detail}`, {
      service: 'metadata',
      method,
      path,
      attempts: 1,
      retryable: false,
    });
  }
}

/**
 * The answer to `POST /models` as `{ model_id }`: the API echoes the whole record, so only its
 * top-level `model_id` is read. Without one (or if the scan cannot tell), the text is parsed
 * whole, so a malformed or unexpected answer fails as before.
 */
function parseModelIdAnswer(text: string): unknown {
  const modelId = readTopLevelField(text, 'model_id');
  return modelId === undefined ? JSON.parse(text) : { model_id: modelId };
}
