import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { requirePeerEnv } from '@latigo/peers';
import { describeGordoClientSuite } from './gordo-client-suite.test-helpers';

// The real Gordo 6.0.4 server the peers' global setup started (tools/peers/gordo).
describeGordoClientSuite('the real Gordo server', async () => {
  const [oldRevision, latestRevision] = requirePeerEnv('LATIGO_TEST_GORDO_REVISIONS').split(',') as [
    string,
    string,
  ];
  const collection = requirePeerEnv('LATIGO_TEST_GORDO_COLLECTION_DIR');
  return {
    url: requirePeerEnv('LATIGO_TEST_GORDO_URL'),
    project: requirePeerEnv('LATIGO_TEST_GORDO_PROJECT'),
    oldRevision,
    latestRevision,
    // The server lists revision directories on every request, so a copy is served at once.
    scratchRevision: {
      create: async () => {
        cpSync(join(collection, oldRevision), join(collection, '1700000000700'), { recursive: true });
        return '1700000000700';
      },
      remove: async (revision) => rmSync(join(collection, revision), { recursive: true, force: true }),
    },
    close: async () => undefined,
  };
});
