module.exports = {
  displayName: 'executor',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
