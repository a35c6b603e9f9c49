module.exports = {
  displayName: 'chart-checks',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
