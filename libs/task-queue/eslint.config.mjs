import { libraryConfig } from '../../eslint.config.mjs';

export default [
  ...libraryConfig,
  {
    // Test fixtures and helpers (e.g. the crash worker's @swc/core hook) are not shipped.
    files: ['**/package.json'],
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: [
            '{projectRoot}/eslint.config.{js,cjs,mjs}',
            '{projectRoot}/jest.config.cjs',
            '{projectRoot}/**/*.spec.ts',
            '{projectRoot}/**/*.test-helpers.ts',
            '{projectRoot}/**/__fixtures__/**',
          ],
        },
      ],
    },
  },
];
