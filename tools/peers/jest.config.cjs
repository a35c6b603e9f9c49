module.exports = {
  displayName: 'peers',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
