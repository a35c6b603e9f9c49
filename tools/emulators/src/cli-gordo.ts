import { Option } from 'commander';
import type { Emulator } from './lib/emulator';
import {
  generateCollection,
  GordoEmulator,
  loadCollectionFromDirectory,
  peerLikeCollectionOptions,
} from './lib/gordo';

export const GORDO_CLI_OPTIONS = [
  new Option(
    '--gordo-collection <dir>',
    'serve a model collection laid out as gordo builds it (<dir>/<revision>/<model>/metadata.json)',
  ),
  new Option(
    '--gordo-models <n>',
    'serve n generated 3-tag models (default: the layout of the tools/peers test collection)',
  ).argParser((v) => Number(v)),
  new Option('--gordo-project <name>', 'project_name of generated models').default('latigo-test'),
];

/** Starts the Gordo emulator the CLI options describe. */
export async function startGordoFromCli(
  options: { seed: number; gordoCollection?: string; gordoModels?: number; gordoProject: string },
  port: number,
  host: string,
): Promise<{ emulator: Emulator; env: Record<string, string> }> {
  const collection = options.gordoCollection
    ? loadCollectionFromDirectory(options.gordoCollection)
    : options.gordoModels
      ? generateCollection({
          project: options.gordoProject,
          seed: options.seed,
          revisions: ['1700000001000'],
          models: Array.from({ length: options.gordoModels }, (_, i) => ({
            name: `model-${i + 1}`,
            tags: ['tag-1', 'tag-2', 'tag-3'],
          })),
        })
      : generateCollection(peerLikeCollectionOptions(options.seed));
  const gordo = new GordoEmulator({ collection, faultSeed: options.seed });
  await gordo.listen(port, host);
  return {
    emulator: gordo,
    env: { LATIGO_EMULATOR_GORDO_URL: gordo.server.url, LATIGO_EMULATOR_GORDO_PROJECT: options.gordoProject },
  };
}
