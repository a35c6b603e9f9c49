// Runs the app's own validation (`--check-config`) on the config file a chart renders, with the env
// the Deployment gives the container (secret references filled with placeholders), so a scenario
// whose config the app would reject at start fails here instead of in a cluster.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PLACEHOLDERS = {
  LATIGO_EVENT_HUBS_CONNECTION_STRING:
    'Endpoint=sb://latigo.servicebus.windows.net/;SharedAccessKeyName=send-listen;SharedAccessKey=cGxhY2Vob2xkZXI=;EntityPath=latigo-tasks',
};

export function bundlePath(workspaceRoot, app) {
  return join(workspaceRoot, 'apps', app, 'dist', 'main.js');
}

/** `{ ok, output }` of `node apps/<app>/dist/main.js --check-config` on the rendered config. */
export function checkAppConfig({ workspaceRoot, app, configYaml, container }) {
  const bundle = bundlePath(workspaceRoot, app);
  if (!existsSync(bundle)) {
    return {
      ok: false,
      output: `${bundle} is missing: build the apps first (npx nx run-many -t build -p scheduler executor)`,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'latigo-config-check-'));
  try {
    const configFile = join(dir, 'config.yaml');
    writeFileSync(configFile, configYaml);
    const env = { PATH: process.env.PATH, HOME: dir };
    for (const e of container.env ?? []) {
      env[e.name] = e.valueFrom ? (PLACEHOLDERS[e.name] ?? `placeholder-${e.name.toLowerCase()}`) : e.value;
    }
    env[`LATIGO_${app.toUpperCase()}_CONFIG_FILE`] = configFile;
    const result = spawnSync(process.execPath, [bundle, '--check-config'], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
