// The directory an app's image runs from: dist/ (the tsup bundle, workspace libs inside), config/
// (defaults.yaml, found by main.ts as ../config from dist/), and a package.json + package-lock.json
// holding only the npm dependencies, pinned to the workspace lock's versions. `npm ci --omit=dev`
// in it installs exactly what the bundle requires, nothing from the monorepo.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** The package.json of the deploy directory: the app's, without workspace libs and dev tooling. */
export function runtimePackageJson(appPackage, rootPackage) {
  const dependencies = Object.fromEntries(
    Object.entries(appPackage.dependencies ?? {}).filter(([name]) => !name.startsWith('@latigo/')),
  );
  return {
    name: appPackage.name,
    version: appPackage.version,
    description: appPackage.description,
    license: appPackage.license,
    private: true,
    type: appPackage.type,
    main: appPackage.main,
    bin: appPackage.bin,
    engines: rootPackage.engines,
    dependencies,
  };
}

/**
 * Packages a bundle requires that the deploy package.json does not provide (Node built-ins aside).
 * Starting the app catches only what start-up loads; this catches the rest (e.g. a lazy require).
 */
export function undeclaredRequires(bundleText, dependencies) {
  const builtins = new Set(builtinModules);
  const specifiers = [...bundleText.matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)].map((m) => m[1]);
  const packages = specifiers
    .filter((s) => !s.startsWith('node:') && !builtins.has(s))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]));
  return [...new Set(packages)].filter((name) => !(name in dependencies)).sort();
}

/** Writes the deploy directory of `app` (apps/<app>) into `outDir`, which must be empty or absent. */
export async function writeAppDeployDir({ workspaceRoot, app, outDir }) {
  const appDir = join(workspaceRoot, 'apps', app);
  const bundle = join(appDir, 'dist', 'main.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npx nx build ${app} first`);
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(`${outDir} is not empty`);

  const appPackage = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
  const rootPackage = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
  const pkg = runtimePackageJson(appPackage, rootPackage);
  const missing = undeclaredRequires(readFileSync(bundle, 'utf8'), pkg.dependencies);
  if (missing.length)
    throw new Error(
      `the bundle requires packages apps/${app}/package.json does not list: ${missing.join(', ')}`,
    );

  mkdirSync(join(outDir, 'dist'), { recursive: true });
  for (const file of ['main.js', 'main.js.map']) {
    if (existsSync(join(appDir, 'dist', file)))
      cpSync(join(appDir, 'dist', file), join(outDir, 'dist', file));
  }
  cpSync(join(appDir, 'config'), join(outDir, 'config'), { recursive: true });

  // Nx prunes the workspace lock to these dependencies (same versions and integrity hashes).
  const { createProjectGraphAsync } = require('@nx/devkit');
  const { generatePrunedDeployOutput } = require('@nx/devkit/internal');
  const graph = await createProjectGraphAsync({ exitOnError: false });
  generatePrunedDeployOutput(pkg, graph, `apps/${app}`, {
    outputDirectory: outDir,
    packageManager: 'npm',
    workspaceRoot,
  });
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  if (!existsSync(join(outDir, 'package-lock.json'))) throw new Error('Nx wrote no package-lock.json');
  return pkg;
}
