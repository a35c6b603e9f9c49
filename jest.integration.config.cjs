// Integration suites (*.int.spec.ts) across the workspace, against the real peers that the
// global setup starts on loopback (Kafka, Redis, Gordo; see tools/peers). `npm run test:integration`.
const preset = require('./jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/{apps,libs,tools}/**/src/**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/tools/peers/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/tools/peers/src/jest/global-teardown.ts',
  testTimeout: 60_000,
  // The suites share the peers; running them one at a time keeps 2-core CI machines predictable.
  maxWorkers: 1,
};
