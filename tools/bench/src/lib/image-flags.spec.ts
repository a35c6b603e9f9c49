import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entrypointNodeFlags, imageMallocEnv } from './image-flags';

describe('the image settings the benchmark runs with', () => {
  it('takes the flags between node and the script', () => {
    const dockerfile =
      'FROM x\nENTRYPOINT ["/usr/bin/tini", "--", "node", "--a", "--b=4", "/app/dist/main.js"]\n';
    expect(entrypointNodeFlags(dockerfile)).toEqual(['--a', '--b=4']);
  });

  it('names what is wrong with a Dockerfile it cannot read', () => {
    expect(() => entrypointNodeFlags('ENTRYPOINT node main.js', 'apps/x/Dockerfile')).toThrow(
      'apps/x/Dockerfile: no exec-form ENTRYPOINT',
    );
    expect(() => entrypointNodeFlags('ENTRYPOINT ["python", "main.py"]')).toThrow('does not run node');
  });

  it("reads the allocator settings of the image's last stage only", () => {
    const dockerfile = [
      'FROM node AS build',
      'ENV MALLOC_ARENA_MAX=8 CI=true',
      'FROM node',
      'ENV NODE_ENV=production MALLOC_ARENA_MAX=2',
      'ENV MALLOC_TRIM_THRESHOLD_=131072',
      'ENTRYPOINT ["node", "main.js"]',
    ].join('\n');
    expect(imageMallocEnv(dockerfile)).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '131072' });
    expect(imageMallocEnv('FROM node\nENV NODE_ENV=production\n')).toEqual({});
  });

  // The image runs Node 24 as CI does: a flag a later V8 dropped would stop every pod at start.
  it.each(['executor', 'scheduler'])('the %s image passes flags that this Node accepts', (app) => {
    const path = join(__dirname, '..', '..', '..', '..', 'apps', app, 'Dockerfile');
    const flags = entrypointNodeFlags(readFileSync(path, 'utf8'), path);
    const run = spawnSync(process.execPath, [...flags, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
