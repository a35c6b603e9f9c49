import { createHash } from 'node:crypto';
import { GordoCollection, type GordoModelFiles } from './collection';
import { generatedInfo, generateMetadata, type GeneratedModelSpec } from './metadata-document';

export type { GeneratedModelSpec } from './metadata-document';

export interface GenerateCollectionOptions {
  /** `project_name` in the metadata; the URL's project segment is not checked, as on the server. Default `latigo-test`. */
  project?: string;
  /** Revision names in listing order; an entry may carry its own models (default: `models`). */
  revisions: (string | { revision: string; models: GeneratedModelSpec[] })[];
  models: GeneratedModelSpec[];
  /** The revision served by default; default: the highest number. */
  latest?: string;
  /** `EXPECTED_MODELS`; default: the latest revision's models. */
  expectedModels?: string[];
  /** Seed of every made-up number (statistics, thresholds, scores). */
  seed?: number;
  /** Echoed as `env.MODEL_COLLECTION_DIR`; default `/gordo/models/<project>/models/<latest>` (the production layout). */
  modelCollectionDir?: string;
}

/**
 * A model collection made up from a compact spec, for the embedded default and for benchmarks:
 * documents are generated when asked for and not kept (only the small linear model and the 250
 * most recent `/metadata` bodies are), so thousands of models stay cheap.
 */
export function generateCollection(options: GenerateCollectionOptions): GordoCollection {
  const project = options.project ?? 'latigo-test';
  const seed = options.seed ?? 1;
  const revisions = options.revisions.map((r) =>
    typeof r === 'string' ? { revision: r, models: options.models } : r,
  );
  const numeric = revisions.map((r) => r.revision).filter((r) => /^\d+$/.test(r));
  const latest =
    options.latest ??
    numeric.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))[numeric.length - 1] ??
    revisions[0]?.revision;
  if (latest === undefined) throw new Error('generateCollection: at least one revision is needed');
  return new GordoCollection({
    latest,
    revisions: revisions.map(
      ({ revision, models }) =>
        [
          revision,
          models.map((spec) => [spec.name, generatedFiles(project, revision, spec, seed)] as const),
        ] as const,
    ),
    ...(options.expectedModels ? { expectedModels: options.expectedModels } : {}),
    modelCollectionDir: options.modelCollectionDir ?? `/gordo/models/${project}/models/${latest}`,
  });
}

function sha512(text: string): string {
  return createHash('sha512').update(text).digest('hex');
}

function generatedFiles(
  project: string,
  revision: string,
  spec: GeneratedModelSpec,
  seed: number,
): GordoModelFiles {
  let pickle: Buffer | undefined;
  return {
    // Not kept: documents are cheap to make again and large for many-tag models.
    metadata: () => generateMetadata(project, revision, spec, seed),
    info: () => generatedInfo(spec, revision, sha512),
    pickle: () =>
      (pickle ??= pickledString(
        `latigo emulator model ${spec.name} (revision ${revision}): the linear model in metadata.user_defined["latigo-emulator"], not a scikit-learn object`,
      )),
  };
}

/** A protocol-2 pickle of one str: what `/download-model` serves for a generated model (it has no sklearn object). */
export function pickledString(text: string): Buffer {
  const utf8 = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(utf8.length);
  // PROTO 2, BINUNICODE <len> <utf-8>, BINPUT 0, STOP
  return Buffer.concat([Buffer.from([0x80, 0x02, 0x58]), length, utf8, Buffer.from([0x71, 0x00, 0x2e])]);
}

/**
 * The layout of the real test collection (tools/peers/gordo): `diff-3tags` (3 → 3, 10T, window 6),
 * `diff-10tags` (10 → 4 targets), `diff-25tags` (25, 1T), `plain-3tags` (a plain Pipeline: 422 on
 * the anomaly route) in revision 1700000001000, and `diff-3tags` alone in 1700000000000.
 */
export function peerLikeCollectionOptions(seed = 1): GenerateCollectionOptions {
  const tags = (n: number) => Array.from({ length: n }, (_, i) => `tag-${i + 1}`);
  const diff3: GeneratedModelSpec = { name: 'diff-3tags', tags: tags(3) };
  return {
    project: 'latigo-test',
    seed,
    revisions: [
      {
        revision: '1700000001000',
        models: [
          {
            name: 'diff-25tags',
            tags: tags(25),
            resolution: '1T',
            trainEndDate: '2020-01-02T00:00:00+00:00',
          },
          diff3,
          { name: 'diff-10tags', tags: tags(10), targets: tags(4) },
          { name: 'plain-3tags', tags: tags(3), anomaly: false },
        ],
      },
      { revision: '1700000000000', models: [diff3] },
    ],
    models: [],
    expectedModels: ['diff-3tags', 'diff-10tags', 'diff-25tags', 'plain-3tags'],
  };
}
