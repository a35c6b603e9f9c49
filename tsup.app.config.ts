import { defineConfig } from 'tsup';

/**
 * A bundle of an executable (an app's `dist/main.js`, a tool's CLI): one CommonJS file per entry.
 * Workspace libs are bundled from source (the "@latigo/source" condition); npm dependencies stay
 * external and come from the package's production dependencies.
 */
export function executableBundle(entry: Record<string, string>) {
  return defineConfig({
    entry,
    outDir: 'dist',
    format: ['cjs'],
    platform: 'node',
    target: 'node24',
    sourcemap: true,
    clean: true,
    noExternal: [/^@latigo\//],
    esbuildOptions(options) {
      options.conditions = ['@latigo/source'];
      // Stack traces need the mappings, not the sources: --enable-source-maps keeps the parsed
      // map in memory for the life of the process.
      options.sourcesContent = false;
    },
  });
}

// apps/<app>/tsup.config.ts re-exports this.
export default executableBundle({ main: 'src/main.ts' });
