module.exports = {
  displayName: 'emulators',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
