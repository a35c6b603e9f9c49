import nx from '@nx/eslint-plugin';
import jsoncParser from 'jsonc-eslint-parser';

// Module boundaries: apps compose libs; data-access libs (clients, task-queue) may use util libs;
// util libs (config, auth, observability) use only util libs; nothing imports an app or a tool
// except tools themselves.
export const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool', 'type:data-access', 'type:util'] },
  // Harnesses compose whole apps in one process (the local run, benchmarks) through the
  // composition functions the apps export; nothing else may import an app.
  { sourceTag: 'type:harness', onlyDependOnLibsWithTags: ['type:app', 'type:tool', 'type:data-access', 'type:util'] },
  { sourceTag: 'scope:harness', onlyDependOnLibsWithTags: ['scope:scheduler', 'scope:executor', 'scope:tools', 'scope:shared'] },
  { sourceTag: 'scope:scheduler', onlyDependOnLibsWithTags: ['scope:scheduler', 'scope:shared'] },
  { sourceTag: 'scope:executor', onlyDependOnLibsWithTags: ['scope:executor', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:tools', 'scope:shared'] },
];

// Tests may also use the test tools (real peers, emulators); production code may not.
const testDepConstraints = depConstraints.map((c) => ({
  ...c,
  onlyDependOnLibsWithTags: [
    ...c.onlyDependOnLibsWithTags,
    c.sourceTag.startsWith('type:') ? 'type:tool' : 'scope:tools',
  ],
}));

const base = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/coverage', '**/node_modules', '**/.nx'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^.*/tsup\\.app\\.config$'],
          depConstraints,
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.test-helpers.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: testDepConstraints,
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];

export default base;

/**
 * For published libraries: also checks that package.json declares exactly the npm packages the
 * source imports (@nx/dependency-checks), so a consumer installing the library gets what it needs.
 */
export const libraryConfig = [
  ...base,
  {
    files: ['**/package.json'],
    languageOptions: { parser: jsoncParser },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          // Tests, their helpers and fixtures are not shipped.
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
