#!/usr/bin/env node
// Usage: app-deploy-dir.mjs <scheduler|executor> <out-dir>. Writes the directory the app's image
// runs from (bundle, config, pruned package.json and lock); then `npm ci --omit=dev` in it.
// Used by apps/<app>/Dockerfile and by check-bundle.mjs. Build the app first.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAppDeployDir } from '../src/app-deploy-dir.mjs';

const [app, outDir] = process.argv.slice(2);
if (!['scheduler', 'executor'].includes(app) || !outDir) {
  process.stderr.write('usage: app-deploy-dir.mjs <scheduler|executor> <out-dir>\n');
  process.exit(2);
}
const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));
const pkg = await writeAppDeployDir({ workspaceRoot, app, outDir: resolve(outDir) });
process.stdout.write(
  `${pkg.name}@${pkg.version}: ${Object.keys(pkg.dependencies).length} npm dependencies → ${outDir}\n`,
);
