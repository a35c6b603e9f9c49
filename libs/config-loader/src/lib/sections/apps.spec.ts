import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { loadConfig } from '../load-config';
import { schedulerConfigSchema, schedulerSectionSchema } from './apps';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const defaults = {
  continuous_prediction_start_time: '08:00',
  continuous_prediction_interval: '30m',
  continuous_prediction_delay: '3h',
};

function issuesOf(section: Record<string, unknown>): [string, string][] {
  const result = schedulerSectionSchema.safeParse({ ...defaults, ...section });
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('scheduler section', () => {
  it('keeps the text as written and the milliseconds it means', () => {
    const scheduler = schedulerSectionSchema.parse({
      ...defaults,
      continuous_prediction_delay: '1 days 02:00:00',
    });
    expect(scheduler.continuous_prediction_start_time).toEqual({ text: '08:00', ms: 8 * HOUR });
    expect(scheduler.continuous_prediction_interval).toEqual({ text: '30m', ms: 30 * MINUTE });
    expect(scheduler.continuous_prediction_delay).toEqual({ text: '1 days 02:00:00', ms: 26 * HOUR });
    expect(scheduler.catchup_window).toEqual({ text: '6h', ms: 6 * HOUR });
    expect(scheduler.run_at_once).toBe(false);
  });

  it('prints parsed values as their text in JSON and YAML, so --print-config shows what was written', () => {
    const scheduler = schedulerSectionSchema.parse(defaults);
    expect(JSON.parse(JSON.stringify(scheduler))).toMatchObject({ ...defaults, catchup_window: '6h' });
    expect(stringify(scheduler)).toContain('continuous_prediction_interval: 30m\n');
  });

  it('accepts 0 for catchup_window, as a YAML number or a string, to disable catch-up', () => {
    expect(schedulerSectionSchema.parse({ ...defaults, catchup_window: 0 }).catchup_window.ms).toBe(0);
    expect(schedulerSectionSchema.parse({ ...defaults, catchup_window: '0' }).catchup_window.ms).toBe(0);
  });

  it('rejects each bad value with its key and its text', () => {
    expect(issuesOf({ continuous_prediction_interval: '5x' })).toEqual([
      [
        'continuous_prediction_interval',
        'could not parse "5x" as a duration: unknown unit "x" (examples: 30m, 1h30m, 00:30:00)',
      ],
    ]);
    expect(issuesOf({ continuous_prediction_start_time: '08:00:00' })).toEqual([
      [
        'continuous_prediction_start_time',
        expect.stringContaining('could not parse "08:00:00" as a time of day'),
      ],
    ]);
    expect(issuesOf({ continuous_prediction_delay: 30 })).toEqual([
      ['continuous_prediction_delay', expect.stringContaining('"30" has no unit')],
    ]);
    expect(issuesOf({ catchup_window: '-1h' })).toEqual([
      ['catchup_window', expect.stringContaining('negative')],
    ]);
  });

  it('keeps the interval between 1s and 24h, since the grid restarts at each UTC midnight', () => {
    expect(issuesOf({ continuous_prediction_interval: '0' })).toEqual([
      ['continuous_prediction_interval', '"0" is shorter than the minimum, 1s'],
    ]);
    expect(issuesOf({ continuous_prediction_interval: '25h' })).toEqual([
      ['continuous_prediction_interval', '"25h" is longer than the maximum, 24h'],
    ]);
    expect(issuesOf({ continuous_prediction_interval: '1d' })).toEqual([]);
    expect(issuesOf({ continuous_prediction_interval: '7h' })).toEqual([]);
  });

  it('fails config loading with the key path, the file and the offending text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latigo-scheduler-section-'));
    const file = join(dir, 'scheduler.yaml');
    writeFileSync(file, stringify({ scheduler: { ...defaults, continuous_prediction_interval: '5x' } }));
    const error = await loadConfig({
      schema: z.object({ scheduler: schedulerSectionSchema }),
      defaultsFile: file,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(
      `scheduler.continuous_prediction_interval (${file}): could not parse "5x" as a duration`,
    );
  });
});

describe('scheduler discovery and lease settings', () => {
  it('defaults to the metadata API for projects, no filters, 4 projects at a time and a 30 s lease', () => {
    const scheduler = schedulerSectionSchema.parse(defaults);
    expect(scheduler).toMatchObject({
      projects: [],
      include_models: [],
      exclude_models: [],
      discovery_parallelism: 4,
      lease_ttl: { text: '30s', ms: 30_000 },
    });
  });

  it('takes model filters only as project/model patterns', () => {
    expect(issuesOf({ include_models: ['ioc-*/*'], exclude_models: ['ioc-1000/pump-7'] })).toEqual([]);
    expect(issuesOf({ exclude_models: ['pump-7'] })).toEqual([
      ['exclude_models.0', expect.stringContaining('expected a "project/model" pattern')],
    ]);
  });

  it('keeps the lease between 1s and 10m', () => {
    expect(issuesOf({ lease_ttl: '500ms' })).toEqual([
      ['lease_ttl', '"500ms" is shorter than the minimum, 1s'],
    ]);
    expect(issuesOf({ lease_ttl: '3s' })).toEqual([]);
  });

  it('needs models_metadata_info only when no project list is configured', () => {
    const base = {
      task_queue: { type: 'memory' },
      model_info: { connection_string: 'http://gordo.example/gordo/v0/' },
      cache: { type: 'memory' },
    };
    const withList = schedulerConfigSchema.safeParse({
      ...base,
      scheduler: { ...defaults, projects: ['ioc-1000'] },
    });
    expect(withList.success).toBe(true);
    const withoutList = schedulerConfigSchema.safeParse({ ...base, scheduler: defaults });
    expect(withoutList.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'models_metadata_info',
        expect.stringContaining('required unless scheduler.projects lists the projects'),
      ],
    ]);
  });
});
