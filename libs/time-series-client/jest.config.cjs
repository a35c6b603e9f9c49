module.exports = {
  displayName: 'time-series-client',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
