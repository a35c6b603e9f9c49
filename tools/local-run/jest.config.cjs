module.exports = {
  displayName: 'local-run',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
