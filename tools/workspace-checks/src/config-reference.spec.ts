import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { executorConfigSchema, renderConfigReference, schedulerConfigSchema } from '@latigo/config-loader';

const readmeFile = join(__dirname, '..', '..', '..', 'README.md');
const START = '<!-- config-reference:start (generated from the schemas: npm run docs:config) -->';
const END = '<!-- config-reference:end -->';

const generated = renderConfigReference([
  { title: 'Scheduler (`LATIGO_SCHEDULER_CONFIG_FILE`)', schema: schedulerConfigSchema },
  { title: 'Executor (`LATIGO_EXECUTOR_CONFIG_FILE`)', schema: executorConfigSchema },
]);

describe("README's configuration reference", () => {
  it('is exactly what the configuration schemas generate (run `npm run docs:config` after changing a schema)', () => {
    const readme = readFileSync(readmeFile, 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const current = readme.slice(start + START.length, end).trim();
    if (process.env['UPDATE_CONFIG_REFERENCE'] === '1' && current !== generated.trim()) {
      writeFileSync(readmeFile, `${readme.slice(0, start + START.length)}\n\n${generated.trim()}\n\n${readme.slice(end)}`);
      return;
    }
    expect(current).toBe(generated.trim());
  });

  it('documents every secret and marks it as redacted', () => {
    expect(generated).toContain('| `task_queue.connection_string` | string |  | **secret** (redacted)');
    expect(generated).toContain('| `model_info.auth.client_secret` | string |  | **secret** (redacted)');
    expect(generated).toContain('| `cache.password` |');
  });
});
