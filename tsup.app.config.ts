import { defineConfig } from 'tsup';

// The bundle of every app (apps/<app>/tsup.config.ts re-exports this): one self-contained file,
// dist/main.js. Workspace libs are bundled from source (the "@latigo/source" condition); npm
// dependencies stay external and come from the app's production dependencies.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  outDir: 'dist',
  format: ['cjs'],
  platform: 'node',
  target: 'node24',
  sourcemap: true,
  clean: true,
  noExternal: [/^@latigo\//],
  esbuildOptions(options) {
    options.conditions = ['@latigo/source'];
  },
});
