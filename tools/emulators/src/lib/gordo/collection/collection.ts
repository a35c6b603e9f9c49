import { emulatedModel, type EmulatedModel } from '../model/linear-model';
import { dumpsPython, parsePythonJson, type PyObject } from '../python/json';

/** The files of one model directory (`<rev>/<model>/`), read when first needed. */
export interface GordoModelFiles {
  /** `metadata.json`, parsed so that floats such as `287.0` keep their spelling. */
  metadata(): PyObject;
  /** `info.json` (`{"checksum": …}`), merged into `/metadata` responses; undefined when absent. */
  info(): PyObject | undefined;
  /** `model.pkl`, served by `/download-model`; undefined when absent (the server then answers 404). */
  pickle(): Buffer | undefined;
}

interface Entry {
  files: GordoModelFiles;
  model?: EmulatedModel;
}

/** Serialized `/metadata` bodies kept, like the server's `N_CACHED_METADATA` (250) LRU. */
const CACHED_BODIES = 250;

export interface GordoCollectionInit {
  /** The revision the server was started with (`basename(MODEL_COLLECTION_DIR)`). */
  latest: string;
  /** Revisions in listing order, each with its models in listing order. */
  revisions: Iterable<readonly [string, Iterable<readonly [string, GordoModelFiles]>]>;
  /** `EXPECTED_MODELS`; default: the models of the latest revision. */
  expectedModels?: string[];
  /** The `MODEL_COLLECTION_DIR` echoed in `/metadata`'s `env`. */
  modelCollectionDir: string;
  /** Names listed by `/models` that are not model directories (stray files the server lists too). */
  strayEntries?: Record<string, string[]>;
}

/**
 * Revisions → models → metadata, as the server sees its model directory. Mutable like the
 * directory: a model can be deleted (the revision goes with its last model) and a revision can be
 * copied (to give a test a throwaway revision to delete).
 */
export class GordoCollection {
  readonly latest: string;
  readonly expectedModels: string[];
  readonly modelCollectionDir: string;
  private readonly revisionMap = new Map<string, Map<string, Entry>>();
  private readonly stray: Record<string, string[]>;
  private readonly bodies = new Map<Entry, string>();

  constructor(init: GordoCollectionInit) {
    for (const [revision, models] of init.revisions) {
      this.revisionMap.set(revision, new Map([...models].map(([name, files]) => [name, { files }])));
    }
    this.stray = init.strayEntries ?? {};
    this.latest = init.latest;
    this.expectedModels = init.expectedModels ?? this.models(init.latest);
    this.modelCollectionDir = init.modelCollectionDir;
  }

  /** Revision names in listing order (not filtered to digits, as on the server). */
  revisions(): string[] {
    return [...this.revisionMap.keys()];
  }

  hasRevision(revision: string): boolean {
    return this.revisionMap.has(revision);
  }

  /** What `/models` lists for a revision: its entries in listing order; [] for an unknown one. */
  models(revision: string): string[] {
    return [...(this.revisionMap.get(revision)?.keys() ?? []), ...(this.stray[revision] ?? [])];
  }

  files(revision: string, name: string): GordoModelFiles | undefined {
    return this.revisionMap.get(revision)?.get(name)?.files;
  }

  /** The servable model, built from its metadata once. */
  model(revision: string, name: string): EmulatedModel | undefined {
    const entry = this.revisionMap.get(revision)?.get(name);
    if (!entry) return undefined;
    return (entry.model ??= emulatedModel(entry.files.metadata()));
  }

  /** The `/metadata` body (sorted keys, Python spelling); the most recent ones are kept serialized. */
  metadataBody(revision: string, name: string): string | undefined {
    const entry = this.revisionMap.get(revision)?.get(name);
    if (!entry) return undefined;
    let body = this.bodies.get(entry);
    if (body === undefined) {
      body = dumpsPython(
        {
          ...(entry.files.info() ?? {}),
          'gordo-server-version': '6.0.4',
          metadata: entry.files.metadata(),
          env: { MODEL_COLLECTION_DIR: this.modelCollectionDir },
        },
        { sortKeys: true },
      );
      if (this.bodies.size >= CACHED_BODIES) this.bodies.delete(this.bodies.keys().next().value as Entry);
    } else this.bodies.delete(entry);
    this.bodies.set(entry, body);
    return body;
  }

  /** Removes a model from a revision, and the revision once it is empty; false when there was none. */
  deleteModel(revision: string, name: string): boolean {
    const models = this.revisionMap.get(revision);
    if (!models?.delete(name)) return false;
    if (models.size === 0) this.revisionMap.delete(revision);
    return true;
  }

  /** Adds `to` as a copy of `from` (same files), like `cp -R <from> <to>` in the model directory. */
  copyRevision(from: string, to: string): void {
    const source = this.revisionMap.get(from);
    if (!source) throw new Error(`no revision ${from} to copy`);
    if (this.revisionMap.has(to)) throw new Error(`revision ${to} exists already`);
    this.revisionMap.set(to, new Map([...source].map(([name, entry]) => [name, { files: entry.files }])));
  }
}

/** Model files held in memory: documents as JSON text (parsed on first use) or as values. */
export function memoryFiles(files: {
  metadata: string | (() => PyObject);
  info?: string | PyObject;
  pickle?: Buffer;
}): GordoModelFiles {
  let metadata: PyObject | undefined;
  return {
    metadata: () =>
      (metadata ??=
        typeof files.metadata === 'string'
          ? (parsePythonJson(files.metadata) as PyObject)
          : files.metadata()),
    info: () => (typeof files.info === 'string' ? (parsePythonJson(files.info) as PyObject) : files.info),
    pickle: () => files.pickle,
  };
}
