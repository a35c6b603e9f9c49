import baseConfig, { depConstraints } from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // A harness composes the apps in one process through the composition functions they export
    // (package.json "./composition"); Nx forbids importing an app outright, so those two entry
    // points are allowed here by name. The tag constraints still apply to everything else.
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [
            '^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$',
            '^.*/tsup\\.app\\.config$',
            '^@latigo/(scheduler|executor)/composition$',
          ],
          depConstraints,
        },
      ],
    },
  },
];
