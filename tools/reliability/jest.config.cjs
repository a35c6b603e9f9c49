module.exports = {
  displayName: 'reliability',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
