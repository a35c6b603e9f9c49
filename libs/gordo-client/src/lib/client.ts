import {
  bodyExcerpt,
  HttpService,
  type HttpCall,
  type HttpResponse,
  type RequestAuthenticator,
  type RetryPolicyOptions,
  UpstreamError,
} from '@latigo/http-client';
import { type Logger, noopLogger } from '@latigo/observability';
import type { Dispatcher } from 'undici';
import { batchRanges } from './batching';
import { columnMismatch, type ExpectedColumns, someOf } from './columns';
import { badResponse, type CallScope, GordoError, toGordoError } from './errors';
import { concatFrames, orderFrame, type PredictionFrame, type RawFrame } from './frame';
import { type InputFrame, InvalidInputError, type PreparedInput, prepareInput, sliceInput } from './input';
import { decodeJsonResponse, encodeJsonRequest, ResponseShapeError } from './json-transport';
import { createLimiter, type Limiter } from './limiter';
import { MetadataShapeError, type ModelMetadata, parseModelMetadata } from './metadata';
import { multipartFiles } from './multipart';
import { decodeParquetResponse, encodeParquetInput } from './parquet';
import { parseTolerantJson } from './tolerant-json';

export interface GordoClientOptions {
  /** The server, with or without the API prefix: `https://host`, `https://host/gordo/v0/`, `https://gw/prefix`. */
  baseUrl: string;
  /** The Gordo project (the URL segment after `/gordo/v0/`). */
  project: string;
  /** The undici dispatcher (Agent, MockAgent, or one with interceptors); default: global. */
  dispatcher?: Dispatcher;
  /** Adds credentials (e.g. `BearerAuthenticator` from `@latigo/auth`). */
  authenticator?: RequestAuthenticator;
  /** Per-attempt timeout (default 30 s, gunicorn's own worker timeout). */
  timeoutMs?: number;
  /** Retries of 5xx, 429, timeouts and connection errors; never 400, 404, 410, 422. */
  retry?: RetryPolicyOptions;
  /** Rows per prediction request (default 1000, as Latigo configured it). */
  batchSize?: number;
  /** Prediction requests in flight at once, across all `predict` calls of this client (default 10). */
  parallelism?: number;
  /** Transport of predictions (default `parquet`: about 5× smaller and much faster server-side). */
  format?: 'json' | 'parquet';
  logger?: Logger;
  /** How long `getRevisions` answers from memory (default 5 s, as the Python client). */
  revisionsTtlMs?: number;
  /** Metadata entries kept (metadata of a revision never changes; default 1000). */
  metadataCacheSize?: number;
}

/** `GET …/revisions`. */
export interface Revisions {
  /** The revision the server serves by default. */
  readonly latest: string;
  /** Every revision on disk, numerically ascending (non-numeric directory names left out). */
  readonly available: readonly string[];
}

/** `GET …/models`: the models of one revision, sorted. */
export interface ModelList {
  readonly revision: string;
  readonly models: readonly string[];
}

export interface PredictRequest {
  model: string;
  /** Pin to this revision; default: the latest, resolved once for the whole call. */
  revision?: string;
  /** Input rows with at least the model's input tags. */
  X: InputFrame;
  /** Rows compared against the output (the target tags); default: the target tags of `X`. */
  y?: InputFrame;
  /** Keep the `smooth-*` columns. */
  allColumns?: boolean;
  signal?: AbortSignal;
}

/** Several models over inputs the caller builds from each model's metadata (Python's `Client.predict`). */
export interface PredictModelsRequest {
  models: readonly string[];
  /** Pin to this revision; default: the latest, resolved once for the whole call. */
  revision?: string;
  /** A model's input (`X`, and `y` when it differs), built from its metadata: the data provider. */
  input: (
    metadata: ModelMetadata,
  ) => Pick<PredictRequest, 'X' | 'y'> | Promise<Pick<PredictRequest, 'X' | 'y'>>;
  /** Keep the `smooth-*` columns. */
  allColumns?: boolean;
  signal?: AbortSignal;
}

/** One model's outcome in `predictModels`: its prediction, or why it has none. */
export type ModelOutcome =
  { model: string; ok: true; prediction: Prediction } | { model: string; ok: false; error: unknown };

/** An anomaly prediction (or a plain one, for models without anomaly detection). */
export interface Prediction {
  readonly model: string;
  readonly revision: string;
  /** `prediction` when the model is not an anomaly detector (only model-input and model-output then). */
  readonly route: 'anomaly' | 'prediction';
  readonly format: 'json' | 'parquet';
  /** Requests made (one per batch; a 422 fallback re-post is not counted). */
  readonly batches: number;
  /** Sum of the server's `time-seconds` (JSON anomaly responses only). */
  readonly serverSeconds?: number;
  readonly frame: PredictionFrame;
  readonly metadata: ModelMetadata;
}

const API_PATH = /\/gordo\/v\d+$/;

/**
 * Two event-loop turns. undici writes a request on a reused keep-alive socket one turn after it
 * got the socket back (it first checks that the server did not close it), so a batch handed its
 * slot is on the wire only then.
 */
async function twoTurns(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Client of one Gordo project: discovery (revisions, models, expected models), typed metadata,
 * and anomaly predictions sent in row batches with bounded parallelism, parsed into columnar
 * frames. Every call after the first revision lookup is pinned to a revision; a plain model's
 * 422 switches only that model (and revision) to `/prediction`. Failures are `GordoError`s.
 */
export class GordoClient {
  readonly project: string;
  private readonly http: HttpService;
  private readonly logger: Logger;
  private readonly batchSize: number;
  private readonly format: 'json' | 'parquet';
  private readonly parallelism: number;
  /** Request slots shared by every `predict` call of this client. */
  private readonly limit: Limiter;
  private readonly revisionsTtlMs: number;
  private readonly metadataCacheSize: number;
  private revisions?: { at: number; value: Promise<Revisions> };
  private readonly metadata = new Map<string, Promise<ModelMetadata>>();
  /** model@revision of models that answered 422 on the anomaly route. */
  private readonly plainModels = new Set<string>();

  constructor(options: GordoClientOptions) {
    this.project = options.project;
    this.batchSize = options.batchSize ?? 1000;
    batchRanges(0, this.batchSize); // validates it now rather than at the first prediction
    this.format = options.format ?? 'parquet';
    this.parallelism = options.parallelism ?? 10;
    this.limit = createLimiter(this.parallelism);
    this.revisionsTtlMs = options.revisionsTtlMs ?? 5000;
    this.metadataCacheSize = options.metadataCacheSize ?? 1000;
    this.logger = (options.logger ?? noopLogger).child({ project: options.project });
    this.http = new HttpService({
      service: 'gordo',
      baseUrl: `${apiBase(options.baseUrl)}/${encodeURIComponent(options.project)}`,
      dispatcher: options.dispatcher,
      authenticator: options.authenticator,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      logger: this.logger,
    });
  }

  /** The latest revision and all available ones (cached for `revisionsTtlMs`). */
  getRevisions(): Promise<Revisions> {
    const now = Date.now();
    if (!this.revisions || now - this.revisions.at >= this.revisionsTtlMs) {
      const value = this.fetchRevisions();
      this.revisions = { at: now, value };
      value.catch(() => {
        if (this.revisions?.value === value) this.revisions = undefined; // do not cache a failure
      });
    }
    return this.revisions.value;
  }

  /** The models of `revision` (default: the server's current revision). */
  async getModels(revision?: string): Promise<ModelList> {
    const body = await this.getJson('/models', { revision }, { revision });
    const models = body['models'];
    if (!isStringArray(models)) throw this.shapeError('/models', 'no "models" list', body, { revision });
    return { revision: String(body['revision'] ?? revision ?? ''), models: [...models].sort() };
  }

  /** The models the deployment is configured with; those missing from `getModels` failed to build. */
  async getExpectedModels(): Promise<readonly string[]> {
    const body = await this.getJson('/expected-models', {}, {});
    const models = body['expected-models'];
    if (!isStringArray(models))
      throw this.shapeError('/expected-models', 'no "expected-models" list', body, {});
    return models;
  }

  /** A model's typed metadata at `revision` (default: the latest); cached, since a revision never changes. */
  async getMetadata(model: string, revision?: string): Promise<ModelMetadata> {
    const rev = revision ?? (await this.getRevisions()).latest;
    const key = `${model}@${rev}`;
    let entry = this.metadata.get(key);
    if (!entry) {
      entry = this.fetchMetadata(model, rev);
      this.metadata.set(key, entry);
      if (this.metadata.size > this.metadataCacheSize)
        this.metadata.delete(this.metadata.keys().next().value as string);
      entry.catch(() => {
        if (this.metadata.get(key) === entry) this.metadata.delete(key); // do not cache a failure
      });
    }
    return entry;
  }

  /**
   * Predicts `model` over the rows of `X` (and `y`): one request per `batchSize` rows, at most
   * `parallelism` in flight, results joined in time order. Any failed batch fails the call
   * (after retries where they apply) and cancels the batches not yet sent.
   *
   * A request slot is held only while the request is on the wire: the next batch is encoded
   * while the previous ones are in flight, and an answer is decoded after its slot went to the
   * next batch, so the server never waits on this client's CPU between batches. One batch beyond
   * `parallelism` is encoded ahead, which bounds the bodies held in memory.
   */
  async predict(request: PredictRequest): Promise<Prediction> {
    const { model } = request;
    const revision = request.revision ?? (await this.getRevisions()).latest;
    const scope: CallScope = { project: this.project, model, revision };
    const metadata = await this.getMetadata(model, revision);
    const { x, y, ranges } = this.prepare(request, metadata, scope);

    const abort = new AbortController();
    const signal = request.signal ? AbortSignal.any([abort.signal, request.signal]) : abort.signal;
    const ahead = createLimiter(this.parallelism + 1);
    const batches = ranges.map((range, i) =>
      ahead(async () => {
        // Batches beyond the first slots encode once the earlier ones are on the wire.
        if (i >= this.parallelism) await twoTurns();
        signal.throwIfAborted();
        const xBatch = sliceInput(x, range.start, range.end);
        return this.predictBatch(
          scope,
          { x: xBatch, y: y === x ? xBatch : sliceInput(y, range.start, range.end) },
          { batch: i, last: i === ranges.length - 1, allColumns: request.allColumns === true, signal },
        );
      }).catch((error: unknown) => {
        abort.abort(error); // the first failure stops the batches that have not started
        throw error;
      }),
    );
    const results = await Promise.all(batches).catch((error: unknown) => {
      throw request.signal?.aborted ? request.signal.reason : error; // the caller's own cancellation
    });

    const order = { inputTags: x.tags, targetTags: y.tags };
    const seconds = results.map((r) => r.serverSeconds).filter((s): s is number => s !== undefined);
    return {
      model,
      revision,
      route: results.some((r) => r.route === 'prediction') ? 'prediction' : 'anomaly',
      format: this.format,
      batches: results.length,
      ...(seconds.length ? { serverSeconds: seconds.reduce((a, b) => a + b, 0) } : {}),
      frame: concatFrames(results.map((r) => orderFrame(r.frame, order))),
      metadata,
    };
  }

  /**
   * Predicts each model over the input `input` builds from its metadata, as the Python client's
   * `predict` does: the revision, then every model's metadata, then the predictions, at most
   * `parallelism` requests in flight across all of them. The next model's input is built and its
   * first batch encoded while the current model's requests are on the wire, so the server does not
   * wait on this client between models. A failing model (its metadata, its input or its
   * prediction) is reported in its outcome and does not stop the others; outcomes come in the
   * order of `models`.
   */
  async predictModels(request: PredictModelsRequest): Promise<ModelOutcome[]> {
    const revision = request.revision ?? (await this.getRevisions()).latest;
    const fetching = createLimiter(this.parallelism);
    // Metadata first, as Python's client fetches every machine before predicting.
    const metadata = await Promise.all(
      request.models.map((model) =>
        fetching(() => this.getMetadata(model, revision)).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      ),
    );
    // One model beyond `parallelism` is started ahead: its batches wait for a request slot.
    const started = createLimiter(this.parallelism + 1);
    const outcomes = request.models.map((model, i) =>
      started(async (): Promise<ModelOutcome> => {
        try {
          // The model started ahead builds its input once the current one's request is on the wire.
          if (i >= this.parallelism) await twoTurns();
          const meta = metadata[i] as (typeof metadata)[number];
          if (!meta.ok) throw meta.error;
          const input = await request.input(meta.value);
          const prediction = await this.predict({
            model,
            revision,
            ...input,
            ...(request.allColumns ? { allColumns: true } : {}),
            ...(request.signal ? { signal: request.signal } : {}),
          });
          return { model, ok: true, prediction };
        } catch (error) {
          return { model, ok: false, error };
        }
      }),
    );
    return Promise.all(outcomes);
  }

  private prepare(request: PredictRequest, metadata: ModelMetadata, scope: CallScope) {
    try {
      const x = prepareInput(
        request.X,
        metadata.inputTags.map((t) => t.name),
        'X',
      );
      const targetTags = metadata.targetTags.map((t) => t.name);
      // Targets equal to the inputs (the usual anomaly model) share X's arrays and encoding.
      const sameAsX =
        (request.y === undefined || request.y === request.X) &&
        targetTags.length === x.tags.length &&
        targetTags.every((tag, i) => tag === x.tags[i]);
      const y = sameAsX ? x : prepareInput(request.y ?? request.X, targetTags, 'y');
      if (x.index.length === 0) throw new InvalidInputError('X has no rows');
      if (y.index.length !== x.index.length || y.index.some((t, i) => t !== x.index[i]))
        throw new InvalidInputError('X and y have different timestamps');
      return { x, y, ranges: batchRanges(x.index.length, this.batchSize, metadata.modelOffset) };
    } catch (error) {
      if (!(error instanceof InvalidInputError || error instanceof RangeError)) throw error;
      throw new GordoError(
        'GORDO_INVALID_INPUT',
        `gordo: prediction input for ${scope.project}/${scope.model} rejected: ${error.message}`,
        { ...scope },
        { cause: error },
      );
    }
  }

  private async predictBatch(
    scope: CallScope,
    input: { x: PreparedInput; y: PreparedInput },
    options: { batch: number; last: boolean; allColumns: boolean; signal: AbortSignal },
  ): Promise<{ route: 'anomaly' | 'prediction'; frame: RawFrame; serverSeconds?: number }> {
    const key = `${scope.model}@${scope.revision}`;
    const model = encodeURIComponent(scope.model as string);
    const body = this.encodeBody(input.x, input.y);
    for (;;) {
      const started = Date.now();
      let sent: {
        route: 'anomaly' | 'prediction';
        call: HttpCall;
        response: HttpResponse;
        /** Another request waits for this slot and gets it as this one returns. */
        handedOver: boolean;
      };
      try {
        sent = await this.limit(async () => {
          options.signal.throwIfAborted(); // a batch that waited for its slot may be cancelled by now
          // Chosen at send time: an earlier batch may have met the 422 while this one waited.
          const route = this.plainModels.has(key) ? 'prediction' : 'anomaly';
          const call: HttpCall = {
            method: 'POST',
            path: route === 'anomaly' ? `/${model}/anomaly/prediction` : `/${model}/prediction`,
            query: {
              format: this.format,
              revision: scope.revision,
              all_columns: options.allColumns ? 'true' : undefined, // the server checks presence, not value
            },
            ...body,
            // The same rows give the same answer, so a prediction is safe to repeat.
            idempotent: true,
            signal: options.signal,
          };
          try {
            const response = await this.http.call(call);
            return { route, call, response, handedOver: this.limit.waiting() > 0 };
          } catch (error) {
            const mapped = toGordoError(error, scope);
            // Noted before the slot is released, so the batch that takes it already knows.
            if (mapped.code === 'GORDO_NOT_ANOMALY_MODEL' && !this.plainModels.has(key)) {
              this.plainModels.add(key);
              this.logger.info('gordo: model is not an anomaly detector, using /prediction', { ...scope });
            }
            throw mapped;
          }
        });
      } catch (error) {
        if (error instanceof GordoError && error.code === 'GORDO_NOT_ANOMALY_MODEL') continue;
        throw error;
      }
      const { route, call, response, handedOver } = sent;
      // Let the batch that took this slot (this prediction's next, or another's) reach the wire
      // before decoding this answer.
      if (!options.last || handedOver) await twoTurns();
      const decoded = await this.decodeBody(call, response, scope, {
        inputTags: input.x.tags,
        targetTags: input.y.tags,
      });
      this.logger.debug('gordo: batch predicted', {
        ...scope,
        batch: options.batch,
        rows: input.x.index.length,
        route,
        ms: Date.now() - started,
      });
      return { route, ...decoded };
    }
  }

  private encodeBody(x: PreparedInput, y: PreparedInput): Pick<HttpCall, 'body' | 'headers'> {
    if (this.format === 'json') {
      return { body: encodeJsonRequest(x, y), headers: { 'content-type': 'application/json' } };
    }
    const xFile = encodeParquetInput(x);
    const { body, contentType } = multipartFiles([
      { name: 'X', bytes: xFile },
      { name: 'y', bytes: y === x ? xFile : encodeParquetInput(y) },
    ]);
    return { body, headers: { 'content-type': contentType } };
  }

  /**
   * Reads the body by its media type, whatever was asked for: both are valid Gordo answers.
   * Its columns must fit the model's tags, or they would be stored under names it does not have.
   */
  private async decodeBody(
    call: HttpCall,
    response: HttpResponse,
    scope: CallScope,
    expected: ExpectedColumns,
  ): Promise<{ frame: RawFrame; serverSeconds?: number }> {
    const where = {
      ...scope,
      method: call.method,
      path: this.http.url(call.path).pathname,
      status: response.status,
    };
    const decoded = await this.decodeFrame(call, response, scope, where);
    const mismatch = columnMismatch(decoded.frame, expected);
    if (mismatch) {
      const parts = [
        ...(mismatch.unexpected.length ? [`unexpected ${someOf(mismatch.unexpected)}`] : []),
        ...(mismatch.missing.length ? [`missing ${someOf(mismatch.missing)}`] : []),
      ];
      throw new GordoError(
        'GORDO_BAD_RESPONSE',
        `gordo: ${where.method} ${where.path} answered ${where.status} with columns that do not fit model ` +
          `${scope.project}/${scope.model} at revision ${scope.revision}: ${parts.join('; ')}`,
        // A parquet body's excerpt would be binary noise; the column names above say enough.
        response.mediaType.includes('json') ? { ...where, bodyExcerpt: bodyExcerpt(response.body) } : where,
      );
    }
    return decoded;
  }

  private async decodeFrame(
    call: HttpCall,
    response: HttpResponse,
    scope: CallScope,
    where: CallScope & { method: string; path: string; status: number },
  ): Promise<{ frame: RawFrame; serverSeconds?: number }> {
    try {
      if (response.mediaType === 'application/json' || response.mediaType.endsWith('+json')) {
        return decodeJsonResponse(this.http.parseJson(call, response, parseTolerantJson));
      }
      if (response.mediaType === 'application/octet-stream' || response.mediaType.includes('parquet')) {
        return { frame: await decodeParquetResponse(response.body) };
      }
    } catch (error) {
      if (error instanceof UpstreamError) throw toGordoError(error, scope); // malformed JSON
      const reason =
        error instanceof ResponseShapeError
          ? error.message
          : `an unreadable body (${(error as Error).message})`;
      throw badResponse(where, reason, response.body, error);
    }
    throw badResponse(
      where,
      `${response.mediaType || 'no content type'} instead of JSON or parquet (a sign-in page from a proxy?)`,
      response.body,
    );
  }

  private async fetchRevisions(): Promise<Revisions> {
    const body = await this.getJson('/revisions', {}, {});
    const latest = body['latest'];
    const available = body['available-revisions'];
    if (typeof latest !== 'string' || !isStringArray(available))
      throw this.shapeError('/revisions', 'no "latest" and "available-revisions"', body, {});
    // Directory names, unsorted; only numeric ones are revisions the server accepts.
    const numeric = available.filter((r) => /^\d+$/.test(r));
    numeric.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    return { latest, available: numeric };
  }

  private async fetchMetadata(model: string, revision: string): Promise<ModelMetadata> {
    const path = `/${encodeURIComponent(model)}/metadata`;
    const body = await this.getJson(path, { revision }, { model, revision });
    try {
      return parseModelMetadata(body, revision);
    } catch (error) {
      if (!(error instanceof MetadataShapeError)) throw error;
      throw this.shapeError(path, error.message, body, { model, revision }, error);
    }
  }

  private async getJson(
    path: string,
    query: Record<string, string | undefined>,
    scope: Omit<CallScope, 'project'>,
  ): Promise<Record<string, unknown>> {
    const call: HttpCall = { method: 'GET', path, query };
    let body: unknown;
    try {
      body = await this.http.json<unknown>(call, parseTolerantJson);
    } catch (error) {
      throw toGordoError(error, { project: this.project, ...scope });
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw this.shapeError(path, 'a body that is not an object', body, scope);
    return body as Record<string, unknown>;
  }

  private shapeError(
    path: string,
    reason: string,
    body: unknown,
    scope: Omit<CallScope, 'project'>,
    cause?: unknown,
  ): GordoError {
    return badResponse(
      { project: this.project, ...scope, method: 'GET', path: this.http.url(path).pathname, status: 200 },
      reason,
      JSON.stringify(body) ?? '',
      cause,
    );
  }
}

/** `https://host[/prefix][/gordo/vN][/]` → `https://host[/prefix]/gordo/vN`, the API root. */
export function apiBase(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = API_PATH.test(path) ? path : `${path}/gordo/v0`;
  return url.toString();
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
