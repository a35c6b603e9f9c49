import { GordoEmulator } from '@latigo/emulators';
import { describeGordoClientSuite } from './gordo-client-suite.test-helpers';

// The same suite as gordo-client.int.spec.ts (the real server), against the Gordo emulator
// serving the same collection layout; it needs no peers, so it runs with the unit tests.
describeGordoClientSuite('the Gordo emulator', async () => {
  const emulator = new GordoEmulator();
  const url = await emulator.listen();
  return {
    url,
    project: 'latigo-test',
    oldRevision: '1700000000000',
    latestRevision: '1700000001000',
    scratchRevision: {
      create: async () => {
        emulator.collection.copyRevision('1700000000000', '1700000000700');
        return '1700000000700';
      },
      remove: async (revision: string) => {
        for (const model of emulator.collection.models(revision))
          emulator.collection.deleteModel(revision, model);
      },
    },
    close: () => emulator.close(),
  };
});
