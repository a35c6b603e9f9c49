module.exports = {
  displayName: 'metadata-client',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
