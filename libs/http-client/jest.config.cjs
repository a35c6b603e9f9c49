module.exports = {
  displayName: 'http-client',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
