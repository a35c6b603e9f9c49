module.exports = {
  displayName: 'gordo-client',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
