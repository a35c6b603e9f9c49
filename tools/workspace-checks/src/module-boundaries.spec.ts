import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createProjectGraphAsync } from '@nx/devkit';

const workspaceRoot = join(__dirname, '..', '..', '..');
const eslintBin = join(workspaceRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');

interface EslintResult {
  messages: { ruleId: string | null; message: string }[];
}

/**
 * Runs the real ESLint CLI with the workspace config on `code`, as if it were the file `file`
 * (relative to the workspace root), and returns the module-boundary errors.
 */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const run = promisify(execFile)(process.execPath, [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', file], {
    cwd: workspaceRoot,
  });
  run.child.stdin?.end(code);
  // ESLint exits 1 when it finds errors; the JSON report is on stdout either way.
  const stdout = await run.then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  );
  const [result] = JSON.parse(stdout) as EslintResult[];
  return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries (@nx/enforce-module-boundaries with type:* and scope:* tags)', () => {
  beforeAll(async () => {
    await createProjectGraphAsync({ exitOnError: false }); // the rule reads the cached graph
  });

  it('fails lint when a lib imports an app', async () => {
    const errors = await boundaryErrors(
      'libs/observability/src/lib/illegal.ts',
      "import { startScheduler } from '@latigo/scheduler';\nexport const x = startScheduler;\n",
    );
    // Every lib is used by the apps, so the rule reports the cycle before the app import itself.
    expect(errors).toEqual([expect.stringMatching(/Imports of apps are forbidden|Circular dependency .* -> @latigo\/scheduler/)]);
  });

  it('fails lint when a util lib imports a project of another type (here the type:tool peers)', async () => {
    const errors = await boundaryErrors('libs/config-loader/src/lib/illegal.ts', "import '@latigo/peers';\n");
    expect(errors).toEqual([expect.stringContaining('A project tagged with "type:util" can only depend on libs tagged with "type:util"')]);
  });

  it('fails lint when an app of one scope imports another scope', async () => {
    const errors = await boundaryErrors('apps/executor/src/illegal.ts', "import '@latigo/scheduler';\n");
    expect(errors.length).toBeGreaterThan(0);
  });

  it('passes lint for the allowed directions: app → util, util → util', async () => {
    expect(await boundaryErrors('apps/executor/src/fine.ts', "import '@latigo/config-loader';\n")).toEqual([]);
    expect(await boundaryErrors('libs/config-loader/src/lib/fine.ts', "import '@latigo/observability';\n")).toEqual([]);
  });
});
