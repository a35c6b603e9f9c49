import { generateCollection, peerLikeCollectionOptions } from './collection/generate';
import { describeGordoContract } from './contract/gordo-contract';
import { GordoEmulator } from './emulator';

// The contract suite against the emulator serving a generated collection with the layout of the
// real test collection (no peers needed). The same suite runs against the real server in
// gordo-contract.int.spec.ts.

let emulator: GordoEmulator;
beforeAll(async () => {
  emulator = new GordoEmulator({ collection: generateCollection(peerLikeCollectionOptions()) });
  await emulator.listen();
});
afterAll(() => emulator.close());

describeGordoContract('emulator with a generated collection', () => ({
  baseUrl: emulator.url,
  project: 'latigo-test',
  latestRevision: '1700000001000',
  oldRevision: '1700000000000',
  models: { anomaly: 'diff-3tags', targetSubset: 'diff-10tags', plain: 'plain-3tags' },
  createThrowawayRevision: async () => {
    emulator.collection.copyRevision('1700000000000', '1700000000700');
    return '1700000000700';
  },
}));
