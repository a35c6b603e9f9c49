module.exports = {
  displayName: 'task-status',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
