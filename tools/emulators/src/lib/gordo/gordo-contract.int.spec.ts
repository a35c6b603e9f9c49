import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { loadCollectionFromDirectory } from './collection/load';
import { describeGordoContract, type GordoContractTarget } from './contract/gordo-contract';
import { GordoEmulator } from './emulator';

// Integration: the contract suite against the real Gordo 6.0.4 server the global setup starts
// (tools/peers), then against the emulator serving the very same model collection, with every
// answer compared to the real server's up to KNOWN_DIFFERENCES.

function env(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run with LATIGO_PEERS=gordo and jest.integration.config.cjs`);
  return value;
}

const THROWAWAY = '1700000000700';
const models = { anomaly: 'diff-3tags', targetSubset: 'diff-10tags', plain: 'plain-3tags' };

function revisions(): { latest: string; old: string } {
  const all = env('LATIGO_TEST_GORDO_REVISIONS').split(',');
  return { latest: all[all.length - 1] as string, old: all[0] as string };
}

const real = (): GordoContractTarget => {
  const { latest, old } = revisions();
  const dir = env('LATIGO_TEST_GORDO_COLLECTION_DIR');
  return {
    baseUrl: env('LATIGO_TEST_GORDO_URL'),
    project: env('LATIGO_TEST_GORDO_PROJECT'),
    latestRevision: latest,
    oldRevision: old,
    models,
    // The server lists revision directories on every request, so a copy on disk is a new revision.
    createThrowawayRevision: async () => {
      cpSync(join(dir, old), join(dir, THROWAWAY), { recursive: true });
      return THROWAWAY;
    },
  };
};

let emulator: GordoEmulator;
beforeAll(async () => {
  const { latest } = revisions();
  const project = env('LATIGO_TEST_GORDO_PROJECT');
  // Loaded before any case runs, so the throwaway revision of the real-server run is not in it.
  const collection = loadCollectionFromDirectory(env('LATIGO_TEST_GORDO_COLLECTION_DIR'), {
    expectedModels: env('LATIGO_TEST_GORDO_MODELS').split(','),
    // start.sh runs gunicorn with a relative MODEL_COLLECTION_DIR; /metadata echoes it.
    modelCollectionDir: `${project}/models/${latest}`,
  });
  emulator = new GordoEmulator({ collection });
  await emulator.listen();
});
afterAll(() => emulator.close());

describeGordoContract('real Gordo server 6.0.4', real);

describeGordoContract(
  'emulator serving the same collection, compared with the real server',
  () => {
    const { latest, old } = revisions();
    return {
      baseUrl: emulator.url,
      project: env('LATIGO_TEST_GORDO_PROJECT'),
      latestRevision: latest,
      oldRevision: old,
      models,
      createThrowawayRevision: async () => {
        emulator.collection.copyRevision(old, THROWAWAY);
        return THROWAWAY;
      },
    };
  },
  { reference: real },
);
