import type { HTTPMethod } from 'find-my-way';
import type { Emulator } from '../emulator';
import { EmulatorServer, type EmulatorRequest } from '../http/emulator-server';
import type { EmulatorResponse } from '../http/responses';
import type { GordoCollection } from './collection/collection';
import { generateCollection, peerLikeCollectionOptions } from './collection/generate';
import { GordoHttpError, ModelValueError } from './errors';
import { frameDataJson } from './frames/frame-json';
import { frameToParquet } from './parquet';
import { runPrediction, type PredictionRoute } from './prediction';
import { dumpsPython, pyJsonString, type PyJson } from './python/json';
import { readPredictionBody } from './request-body';
import { chooseRevision, finishReply, jsonReply, type GordoReply } from './revision-hook';

export interface GordoEmulatorOptions {
  /** The models served; default: {@link peerLikeCollectionOptions} generated (the layout of tools/peers' real collection). */
  collection?: GordoCollection;
  faultSeed?: number;
}

export const GORDO_SERVER_VERSION = '6.0.4';

const PREFIX = '/gordo/v0/:project';

/** Routes as [method, template]; also used to tell 405 from 404 for unmatched requests. */
const ROUTES: [HTTPMethod, string][] = [
  ['GET', '/healthcheck'],
  ['GET', '/healthcheck/'],
  ['GET', '/server-version'],
  ['GET', '/server-version/'],
  ['GET', `${PREFIX}/models`],
  ['GET', `${PREFIX}/revisions`],
  ['GET', `${PREFIX}/expected-models`],
  ['GET', `${PREFIX}/:model/metadata`],
  ['GET', `${PREFIX}/:model/healthcheck`],
  ['GET', `${PREFIX}/:model/download-model`],
  ['POST', `${PREFIX}/:model/prediction`],
  ['POST', `${PREFIX}/:model/anomaly/prediction`],
  ['DELETE', `${PREFIX}/:model/revision/:revision`],
];

const TEMPLATE_PATTERNS = ROUTES.map(([method, template]) => ({
  method,
  pattern: new RegExp(`^${template.replace(/:[a-z]+/g, '[^/]+')}$`),
}));

// gordo checks names with re.match, i.e. only a valid first character is required.
const MODEL_NAME = /^[a-zA-Z\d-]+/;

/**
 * The Gordo ML server 6.0.4 as seen over HTTP (gordo-api.md §1, gordo-server.md): every route
 * under `/gordo/v0/<any project>/` plus `/healthcheck` and `/server-version`, revision selection
 * and its 410s, `revision` and `Server-Timing` headers, JSON re-serialised the Python way with
 * `"revision"` last, Flask's HTML error pages, the prediction and anomaly tables in JSON or
 * parquet, computed from a deterministic linear model stored in (or derived from) each model's
 * metadata. Request counts and fault injection come from {@link EmulatorServer}.
 */
export class GordoEmulator implements Emulator {
  readonly server: EmulatorServer;
  readonly collection: GordoCollection;

  constructor(options: GordoEmulatorOptions = {}) {
    this.collection = options.collection ?? generateCollection(peerLikeCollectionOptions());
    this.server = new EmulatorServer({
      name: 'gordo',
      ...(options.faultSeed !== undefined ? { faultSeed: options.faultSeed } : {}),
      // Only methods without a catch-all route get here (e.g. TRACE): Flask's 404 page too.
      notFound: () =>
        finishReply({ status: 404, kind: 'html' }, this.collection.latest, process.hrtime.bigint()),
      internalError: () =>
        finishReply({ status: 500, kind: 'html' }, this.collection.latest, process.hrtime.bigint()),
    });
    const views: Record<
      string,
      (request: EmulatorRequest, revision: string) => GordoReply | Promise<GordoReply>
    > = {
      'GET /healthcheck': () => ({ status: 200, kind: 'empty' }),
      'GET /server-version': () => json(200, { version: GORDO_SERVER_VERSION }),
      [`GET ${PREFIX}/models`]: (_, revision) => json(200, { models: this.collection.models(revision) }),
      [`GET ${PREFIX}/revisions`]: () =>
        json(200, { latest: this.collection.latest, 'available-revisions': this.collection.revisions() }),
      [`GET ${PREFIX}/expected-models`]: () =>
        json(200, { 'expected-models': this.collection.expectedModels }),
      [`GET ${PREFIX}/:model/metadata`]: (request, revision) => this.metadata(request, revision),
      [`GET ${PREFIX}/:model/healthcheck`]: (request, revision) => this.metadata(request, revision),
      [`GET ${PREFIX}/:model/download-model`]: (request, revision) => this.downloadModel(request, revision),
      [`POST ${PREFIX}/:model/prediction`]: (request, revision) =>
        this.predict('prediction', request, revision),
      [`POST ${PREFIX}/:model/anomaly/prediction`]: (request, revision) =>
        this.predict('anomaly', request, revision),
      [`DELETE ${PREFIX}/:model/revision/:revision`]: (request) => this.deleteRevision(request),
    };
    for (const [method, template] of ROUTES) {
      const view = views[`${method} ${template.replace(/\/$/, '')}`];
      if (view) this.server.route(method, template, (request) => this.serve(request, view));
    }
    // Everything else still passes the revision hook, then gets Flask's 404 or 405 page.
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as HTTPMethod[]) {
      this.server.route(method, '*', (request) => this.serve(request, () => this.unmatched(request)));
    }
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return this.server.listen(port, host);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  get url(): string {
    return this.server.url;
  }

  private async serve(
    request: EmulatorRequest,
    view: (request: EmulatorRequest, revision: string) => GordoReply | Promise<GordoReply>,
  ): Promise<EmulatorResponse> {
    const started = process.hrtime.bigint();
    const choice = chooseRevision(request.query, request.headers, this.collection.latest, (r) =>
      this.collection.hasRevision(r),
    );
    let reply: GordoReply;
    if (!choice.ok) reply = choice.reply;
    else {
      try {
        reply = await view(request, choice.revision);
      } catch (error) {
        if (!(error instanceof GordoHttpError)) throw error;
        reply = errorReply(error);
      }
    }
    return finishReply(reply, choice.revision, started);
  }

  private unmatched(request: EmulatorRequest): GordoReply {
    const path = request.url.pathname;
    const allowed = TEMPLATE_PATTERNS.filter((t) => t.pattern.test(path)).map((t) => t.method);
    if (allowed.length === 0) return { status: 404, kind: 'html' };
    const methods = [
      ...new Set([...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS']),
    ].sort();
    if (request.method === 'OPTIONS')
      return { status: 200, kind: 'empty', headers: { allow: methods.join(', ') } };
    return { status: 405, kind: 'html', headers: { allow: methods.join(', ') } };
  }

  private modelName(request: EmulatorRequest): string {
    const name = request.params['model'] ?? '';
    if (!MODEL_NAME.test(name)) throw GordoHttpError.page(422, 'gordo_name field has wrong format');
    return name;
  }

  private metadata(request: EmulatorRequest, revision: string): GordoReply {
    const name = this.modelName(request);
    const body = this.collection.metadataBody(revision, name);
    if (body === undefined) throw GordoHttpError.page(404, `No metadata found for '${name}'`);
    return { status: 200, kind: 'json', body };
  }

  private downloadModel(request: EmulatorRequest, revision: string): GordoReply {
    const name = this.modelName(request);
    const pickle = this.collection.files(revision, name)?.pickle();
    if (!pickle) throw GordoHttpError.page(404, `No such model found: '${name}'`);
    return {
      status: 200,
      kind: 'binary',
      body: pickle,
      headers: {
        'content-disposition': 'inline; filename=model.pickle',
        'content-type': 'application/octet-stream',
        'cache-control': 'no-cache',
      },
    };
  }

  private async predict(
    route: PredictionRoute,
    request: EmulatorRequest,
    revision: string,
  ): Promise<GordoReply> {
    const started = process.hrtime.bigint();
    const name = this.modelName(request);
    const files = this.collection.files(revision, name);
    const model = files?.pickle() ? this.collection.model(revision, name) : undefined;
    if (!model) throw GordoHttpError.page(404, `No such model found: '${name}'`);
    const body = await readPredictionBody(request.headers['content-type'], await request.body());
    let frame;
    try {
      frame = runPrediction(model, route, { ...body, allColumns: request.query.has('all_columns') });
    } catch (error) {
      if (!(error instanceof ModelValueError)) throw error;
      // /prediction reports the model's ValueError; the anomaly route lets it escape as a 500.
      if (route === 'anomaly') throw GordoHttpError.crash();
      throw new GordoHttpError(400, { kind: 'json', key: 'error', text: `ValueError: ${error.message}` });
    }
    if (request.query.get('format') === 'parquet') {
      return {
        status: 200,
        kind: 'binary',
        body: frameToParquet(frame),
        headers: { 'content-type': 'application/octet-stream', 'cache-control': 'no-cache' },
      };
    }
    const data = frameDataJson(frame);
    if (route === 'prediction') return { status: 200, kind: 'json', body: `{"data": ${data}}` };
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      status: 200,
      kind: 'json',
      body: `{"data": ${data}, "time-seconds": ${pyJsonString(seconds.toFixed(4))}}`,
    };
  }

  private deleteRevision(request: EmulatorRequest): GordoReply {
    const name = this.modelName(request);
    const target = request.params['revision'] ?? '';
    if (!/^\p{Nd}+\n?$/u.test(target))
      return jsonReply(422, { error: 'Revision should only contains numbers.' });
    if (target === this.collection.latest)
      return jsonReply(409, { error: 'Unable to delete current revision.' });
    if (!this.collection.deleteModel(target, name)) throw GordoHttpError.page(404, 'Not found');
    return jsonReply(200, { ok: true });
  }
}

function json(status: number, value: PyJson): GordoReply {
  return { status, kind: 'json', body: dumpsPython(value, { sortKeys: true }) };
}

function errorReply(error: GordoHttpError): GordoReply {
  if (error.body.kind === 'html')
    return {
      status: error.status,
      kind: 'html',
      ...(error.body.description !== undefined ? { description: error.body.description } : {}),
    };
  return jsonReply(error.status, { [error.body.key]: error.body.text });
}
