import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GordoCollection, memoryFiles, type GordoModelFiles } from './collection';

export interface LoadCollectionOptions {
  /** The revision served by default; default: the highest numeric revision name. */
  latest?: string;
  expectedModels?: string[];
  /** Echoed as `env.MODEL_COLLECTION_DIR` by `/metadata`; default `<dir>/<latest>`. */
  modelCollectionDir?: string;
}

/**
 * Reads a model collection laid out as gordo builds it, `<dir>/<revision>/<model>/{metadata.json,
 * info.json, model.pkl}`, in directory-listing order (the order `os.listdir` gives the server).
 * Metadata and info are read now (a later change on disk does not show); `model.pkl` on first
 * download. Models without emulator parameters get a model derived from their metadata.
 */
export function loadCollectionFromDirectory(
  dir: string,
  options: LoadCollectionOptions = {},
): GordoCollection {
  const revisions = readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory());
  const numeric = revisions.filter((r) => /^\d+$/.test(r)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const latest = options.latest ?? numeric[numeric.length - 1];
  if (latest === undefined) throw new Error(`no revision directories in ${dir}`);
  const stray: Record<string, string[]> = {};
  const loaded = revisions.map((revision) => {
    const models: [string, GordoModelFiles][] = [];
    for (const name of readdirSync(join(dir, revision))) {
      const modelDir = join(dir, revision, name);
      const metadataPath = join(modelDir, 'metadata.json');
      if (!statSync(modelDir).isDirectory() || !existsSync(metadataPath)) {
        (stray[revision] ??= []).push(name);
        continue;
      }
      const infoPath = join(modelDir, 'info.json');
      const picklePath = join(modelDir, 'model.pkl');
      let pickle: Buffer | undefined;
      const files = memoryFiles({
        metadata: readFileSync(metadataPath, 'utf8'),
        ...(existsSync(infoPath) ? { info: readFileSync(infoPath, 'utf8') } : {}),
      });
      models.push([
        name,
        {
          ...files,
          pickle: () => (pickle ??= existsSync(picklePath) ? readFileSync(picklePath) : undefined),
        },
      ]);
    }
    return [revision, models] as const;
  });
  return new GordoCollection({
    latest,
    revisions: loaded,
    ...(options.expectedModels ? { expectedModels: options.expectedModels } : {}),
    modelCollectionDir: options.modelCollectionDir ?? join(dir, latest),
    strayEntries: stray,
  });
}
