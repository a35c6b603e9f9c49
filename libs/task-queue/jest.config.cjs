module.exports = {
  displayName: 'task-queue',
  preset: '../../jest.preset.cjs',
  rootDir: __dirname,
};
