import type { Emulator } from '../emulator';
import { EmulatorServer, type EmulatorRequest, type RequestGuard } from '../http/emulator-server';
import { json, text, type EmulatorResponse } from '../http/responses';
import { bearerGuard } from '../token/bearer-guard';
import type { TokenAuthority } from '../token/token-authority';
import { validateModelMetadata, type FieldError, type ModelMetadata } from './model-metadata';

/** The gateway in front of the metadata API wants a bearer token and a subscription key. */
export interface MetadataAuthOptions {
  authority: TokenAuthority;
  subscriptionKey: string;
  /** Accepted `aud` values; any when omitted. */
  audiences?: string[];
}

export interface MetadataEmulatorOptions {
  /** Bearer token + `Ocp-Apim-Subscription-Key`, or none for local runs (default). */
  auth?: 'none' | MetadataAuthOptions;
  /** Projects `/projects` lists before any model is stored (default `['latigo-test']`). */
  projects?: readonly string[];
  /** The first `model_id` handed out (default 1); ids increase by one per POST. */
  firstModelId?: number;
  /**
   * Validation errors as FastAPI answers them (422 `{detail: [{loc, msg, type}]}`, default) or as
   * a 400 MessageModel naming the fields. The real server's choice is unknown.
   */
  errorStyle?: 'fastapi' | 'message';
  /** Path prefix of every route, e.g. `/omnia-prevent` as in the 2020 base URL (default none). */
  basePath?: string;
  faultSeed?: number;
}

/** A stored POST `/models`, as tests read it back. */
export interface StoredModel {
  modelId: number;
  /** The body as received (parsed JSON), before `model_id` was added. */
  body: ModelMetadata;
  /** The bytes as received, to check the exact encoding a client used. */
  rawBody: string;
  /** The request's Content-Type (Latigo sends none). */
  contentType: string | undefined;
  receivedAt: Date;
}

/**
 * The Omnia Prevent metadata API as Latigo uses it: `GET /ready` (text `Ok`), `GET /projects`,
 * `POST /models` (JSON whatever the Content-Type; answered with the body plus an increasing
 * integer `model_id`), and `GET /models`, `GET /models/{id}` for reading records back.
 */
export class MetadataEmulator implements Emulator {
  readonly server: EmulatorServer;
  private readonly stored: StoredModel[] = [];
  private readonly seededProjects: readonly string[];
  private nextId: number;
  private readonly errorStyle: 'fastapi' | 'message';
  private readonly basePath: string;

  constructor(options: MetadataEmulatorOptions = {}) {
    this.seededProjects = options.projects ?? ['latigo-test'];
    this.nextId = options.firstModelId ?? 1;
    this.errorStyle = options.errorStyle ?? 'fastapi';
    this.basePath = (options.basePath ?? '').replace(/\/$/, '');
    this.server = new EmulatorServer({
      name: 'metadata',
      ...(options.faultSeed !== undefined ? { faultSeed: options.faultSeed } : {}),
      ...guardOf(options.auth),
      notFound: () => json(404, { detail: 'Not Found' }),
      internalError: () => text(500, 'Internal Server Error'),
    });
    const p = this.basePath;
    this.server
      .route('GET', `${p}/ready`, () => text(200, 'Ok'))
      .route('GET', `${p}/projects`, () => json(200, { projects: this.projects() }))
      .route('POST', `${p}/models`, (req) => this.storeModel(req))
      .route('GET', `${p}/models`, () => json(200, { models: this.stored.map(echo) }))
      .route('GET', `${p}/models/:id`, (req) => {
        const found = this.stored.find((m) => String(m.modelId) === req.params['id']);
        return found ? json(200, echo(found)) : json(404, { detail: 'Not Found' });
      });
  }

  async listen(port?: number, host?: string): Promise<string> {
    return this.server.listen(port, host);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** The base URL clients configure (with the base path). */
  get url(): string {
    return `${this.server.url}${this.basePath}`;
  }

  /** Every stored record, oldest first. */
  models(): StoredModel[] {
    return this.stored.map((m) => ({ ...m, body: structuredClone(m.body) }));
  }

  /** The seeded projects, then the projects of stored models, without duplicates. */
  projects(): string[] {
    return [...new Set([...this.seededProjects, ...this.stored.map((m) => m.body.project_name)])];
  }

  private async storeModel(request: EmulatorRequest): Promise<EmulatorResponse> {
    const rawBody = (await request.body()).toString('utf8');
    let body: unknown;
    try {
      // Latigo posts a JSON string without a Content-Type, so the header is not consulted.
      body = JSON.parse(rawBody);
    } catch (error) {
      return this.invalid([
        {
          loc: ['body'],
          msg: `Expecting value: ${(error as Error).message}`,
          type: 'value_error.jsondecode',
        },
      ]);
    }
    const errors = validateModelMetadata(body);
    if (errors.length > 0) return this.invalid(errors);
    const record: StoredModel = {
      modelId: this.nextId,
      body: body as ModelMetadata,
      rawBody,
      contentType: request.headers['content-type'],
      receivedAt: new Date(),
    };
    this.nextId += 1;
    this.stored.push(record);
    return json(200, echo(record));
  }

  private invalid(errors: FieldError[]): EmulatorResponse {
    if (this.errorStyle === 'fastapi') return json(422, { detail: errors });
    const fields = errors.map((e) => `${e.loc.slice(1).join('.') || 'body'}: ${e.msg}`).join('; ');
    return json(400, { statusCode: 400, message: `Invalid model metadata: ${fields}` });
  }
}

function echo(record: StoredModel): Record<string, unknown> {
  return { ...record.body, model_id: record.modelId };
}

function guardOf(auth: MetadataEmulatorOptions['auth']): { guard?: RequestGuard } {
  if (auth === undefined || auth === 'none') return {};
  return {
    guard: bearerGuard(auth.authority, {
      subscriptionKey: auth.subscriptionKey,
      ...(auth.audiences ? { audiences: auth.audiences } : {}),
    }),
  };
}
