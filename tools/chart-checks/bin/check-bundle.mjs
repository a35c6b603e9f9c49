#!/usr/bin/env node
// Usage: check-bundle.mjs [scheduler|executor]... (default: both). What the image runs, without an
// image: each app's deploy directory (app-deploy-dir.mjs) in an empty temp directory, production
// dependencies installed there by `npm ci --omit=dev` as the Dockerfile does, then the bundle started
// on in-memory adapters: /healthz, /readyz and /metrics must answer, SIGTERM must end it with exit 0.
// Negative check: with a production dependency removed, the app must fail to start.
// Run as root (as .ci/run is), the app runs as an unprivileged user that cannot write its own files,
// like the image's `node` user on a read-only root filesystem.
// Prints the figures (install size, bundle size, start → /healthz). Build the apps first.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { undeclaredRequires, writeAppDeployDir } from '../src/app-deploy-dir.mjs';

const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));
// nobody:nogroup, when we may switch users.
const RUN_AS = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const scratch = mkdtempSync(join(tmpdir(), 'latigo-node-'));
const node = nodeFor(RUN_AS);
const apps = process.argv.length > 2 ? process.argv.slice(2) : ['scheduler', 'executor'];

// Dummy endpoints: nothing is called while the apps idle on in-memory queues and caches.
const upstream = (key) => ({ [key]: 'http://127.0.0.1:9/' });
const OVERRIDES = {
  scheduler: {
    scheduler: { projects: ['smoke'] },
    model_info: upstream('connection_string'),
  },
  executor: {
    model_info: upstream('connection_string'),
    predictor: upstream('connection_string'),
    sensor_data: upstream('base_url'),
    prediction_storage: upstream('base_url'),
    prediction_metadata_storage: upstream('base_url'),
  },
};

let failures = 0;
function report(ok, line, details = []) {
  if (!ok) failures++;
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${line}\n`);
  for (const d of ok ? [] : details) process.stdout.write(`       ${d}\n`);
}

try {
  for (const app of apps) {
    const dir = mkdtempSync(join(tmpdir(), `latigo-${app}-image-`));
    try {
      await checkApp(app, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.stdout.write(`\n${failures === 0 ? 'bundle checks passed' : `${failures} bundle check(s) failed`}\n`);
process.exitCode = failures === 0 ? 0 : 1;

async function checkApp(app, dir) {
  // A node_modules above the temp dir would let the bundle find packages the image lacks.
  for (let d = dirname(dir); d !== dirname(d); d = dirname(d)) {
    if (exists(join(d, 'node_modules')))
      throw new Error(`${d}/node_modules would leak into the test; set TMPDIR`);
  }
  const pkg = await writeAppDeployDir({ workspaceRoot, app, outDir: dir });
  chmodSync(dir, 0o755);
  report(dockerfileMatches(app), `${app}: apps/${app}/Dockerfile builds and starts what this test runs`);

  let started = Date.now();
  const install = spawnSync(
    'npm',
    ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  const installSeconds = (Date.now() - started) / 1000;
  report(
    install.status === 0,
    `${app}: npm ci --omit=dev in an empty directory (${installSeconds.toFixed(1)} s)`,
    [install.stderr],
  );
  if (install.status !== 0) return;

  const configFile = join(dir, 'smoke.yaml');
  writeFileSync(
    configFile,
    stringify({
      ...OVERRIDES[app],
      task_queue: { type: 'memory' },
      cache: { type: 'memory' },
      server: { host: '127.0.0.1', port: 0, shutdown_timeout_ms: 5000 },
    }),
  );
  const env = { PATH: process.env.PATH, HOME: dir, [`LATIGO_${app.toUpperCase()}_CONFIG_FILE`]: configFile };

  const version = spawnSync(node, [...(nodeFlagsOf(app) ?? []), 'dist/main.js', '--version'], {
    cwd: dir,
    env,
    encoding: 'utf8',
    ...RUN_AS,
  });
  report(version.stdout.trim() === pkg.version, `${app}: --version prints ${pkg.version}`, [
    version.stdout,
    version.stderr,
  ]);

  started = Date.now();
  const run = await startApp(app, dir, env);
  const user = RUN_AS.uid === undefined ? '' : ` as uid ${RUN_AS.uid}, its files read-only`;
  report(
    Boolean(run.healthUrl),
    `${app}: /healthz answers 200 (${run.healthMs} ms after start${user})`,
    run.output(),
  );
  if (run.healthUrl) {
    const ready = await poll(`${run.healthUrl}/readyz`, 10_000);
    report(ready.status === 200, `${app}: /readyz answers 200`, [JSON.stringify(ready)]);
    const metrics = await fetch(`${run.healthUrl}/metrics`).then((r) => r.text());
    report(/^process_cpu_user_seconds_total/m.test(metrics), `${app}: /metrics serves Prometheus text`);
  }
  const stopped = Date.now();
  run.child.kill('SIGTERM');
  const code = await run.exited;
  report(code === 0, `${app}: SIGTERM → exit ${code} in ${Date.now() - stopped} ms`, run.output());

  const nodeModules = sizeOf(join(dir, 'node_modules'));
  const packages = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')).packages;
  process.stdout.write(
    `     ${app} figures: node_modules ${mb(nodeModules)} (${Object.keys(packages).length - 1} packages), ` +
      `bundle ${kb(statSync(join(dir, 'dist', 'main.js')).size)} + map ${kb(statSync(join(dir, 'dist', 'main.js.map')).size)}, ` +
      `start → /healthz ${run.healthMs} ms\n`,
  );

  // Negative checks: the same test must fail without a production dependency.
  rmSync(join(dir, 'node_modules', 'winston'), { recursive: true, force: true });
  const broken = await startApp(app, dir, env, 10_000);
  const brokenCode = broken.healthUrl
    ? (broken.child.kill('SIGKILL'), await broken.exited)
    : await broken.exited;
  report(
    !broken.healthUrl && brokenCode !== 0 && /Cannot find module 'winston'/.test(broken.text()),
    `negative: ${app} without winston in node_modules does not start (exit ${brokenCode})`,
    broken.output(),
  );
  const lazy = undeclaredRequires(
    `${readFileSync(join(dir, 'dist', 'main.js'), 'utf8')}\nrequire("left-pad");`,
    pkg.dependencies,
  );
  report(lazy.join() === 'left-pad', `negative: a require of an undeclared package is reported`, [
    lazy.join(),
  ]);
}

/**
 * A node binary the user can run: ours lives under root's home (mode 700) in CI, so the other user
 * gets a copy (the image has its own node in /usr/local/bin).
 */
function nodeFor(user) {
  if (user.uid === undefined) return process.execPath;
  chmodSync(scratch, 0o755);
  const copy = join(scratch, 'node');
  copyFileSync(process.execPath, copy);
  chmodSync(copy, 0o755);
  return copy;
}

/** The Dockerfile's install and start commands are the ones this test runs. */
function dockerfileMatches(app) {
  const dockerfile = readFileSync(join(workspaceRoot, 'apps', app, 'Dockerfile'), 'utf8');
  return (
    nodeFlagsOf(app) !== undefined &&
    [
      `RUN npx nx build @latigo/${app} `,
      `node tools/chart-checks/bin/app-deploy-dir.mjs ${app} /out`,
      'npm ci --omit=dev --ignore-scripts',
      'USER node',
    ].every((line) => dockerfile.includes(line))
  );
}

/**
 * The Node flags of the image: its ENTRYPOINT must be `["/usr/bin/tini", "--", "node", <flags>,
 * "/app/dist/main.js"]`; this test starts the bundle with the same flags. Undefined otherwise.
 */
function nodeFlagsOf(app) {
  const dockerfile = readFileSync(join(workspaceRoot, 'apps', app, 'Dockerfile'), 'utf8');
  const line = dockerfile.split('\n').find((l) => l.startsWith('ENTRYPOINT ['));
  const argv = line ? JSON.parse(line.slice('ENTRYPOINT '.length)) : [];
  const [tini, dashes, nodeBin, ...rest] = argv;
  const script = rest.pop();
  const ok =
    tini === '/usr/bin/tini' &&
    dashes === '--' &&
    nodeBin === 'node' &&
    script === '/app/dist/main.js' &&
    rest.every((flag) => flag.startsWith('--'));
  return ok ? rest : undefined;
}

/** Starts the bundle; resolves once /healthz answers 200 or the process ends (or `timeoutMs`). */
async function startApp(app, cwd, env, timeoutMs = 20_000) {
  const started = Date.now();
  const child = spawn(node, [...(nodeFlagsOf(app) ?? []), 'dist/main.js'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...RUN_AS,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((done) => child.on('exit', (code, signal) => done(code ?? signal)));
  let ended = false;
  void exited.then(() => (ended = true));
  const output = () => [...stdout.split('\n').slice(-15), ...stderr.split('\n').slice(-15)].filter(Boolean);
  const text = () => stdout + stderr;
  while (!ended && Date.now() - started < timeoutMs) {
    // The start-up log line names the port the OS picked (server.port 0).
    const healthUrl = stdout.match(/"healthUrl":"(http:\/\/[^"]+)"/)?.[1];
    if (
      healthUrl &&
      (await fetch(`${healthUrl}/healthz`).then(
        (r) => r.status,
        () => 0,
      )) === 200
    ) {
      return { child, exited, output, text, healthUrl, healthMs: Date.now() - started };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, exited, output, text, healthUrl: undefined, healthMs: undefined };
}

async function poll(url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  let last = { status: 0 };
  while (Date.now() < until) {
    last = await fetch(url).then(
      async (r) => ({ status: r.status, body: await r.text() }),
      (e) => ({ status: 0, error: String(e) }),
    );
    if (last.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}

function exists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function sizeOf(path) {
  const du = spawnSync('du', ['-sb', path], { encoding: 'utf8' });
  return Number(du.stdout.split('\t')[0]);
}

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function kb(bytes) {
  return `${Math.round(bytes / 1024)} KB`;
}
