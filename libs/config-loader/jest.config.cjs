module.exports = {
  displayName: 'config-loader',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
