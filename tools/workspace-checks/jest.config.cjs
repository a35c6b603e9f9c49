module.exports = {
  displayName: 'workspace-checks',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
  // Linting real files with the real ESLint config takes a few seconds on a cold cache.
  testTimeout: 60_000,
};
