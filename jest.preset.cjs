// Shared Jest settings for every project. Library source is read through the "@latigo/source"
// export condition, so tests never need a build of the libraries they import.
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: {
    customExportConditions: ['@latigo/source', 'node', 'require', 'default'],
  },
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  // hyparquet ships only ES modules: compiled to CommonJS like the sources.
  transformIgnorePatterns: ['/node_modules/(?!(hyparquet|hyparquet-writer)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/?(*.)+(spec).ts'],
  // Integration suites (*.int.spec.ts) need the real peers; they run from jest.integration.config.cjs.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.int\\.spec\\.ts$'],
};
