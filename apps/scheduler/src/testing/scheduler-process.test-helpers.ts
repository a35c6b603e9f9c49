import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeerEnv } from '@latigo/peers';
import { ServiceProcess } from '@latigo/service-runtime/testing';
import { stringify } from 'yaml';

export const MAIN_FILE = join(__dirname, '..', '..', 'dist', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'latigo-scheduler-int-'));
let files = 0;

type Section = Record<string, unknown>;

/**
 * An override file for the real peers: the task queue as on Event Hubs (SASL_SSL, the connection
 * string, the test CA) with its own topic, Redis without TLS under its own key prefix, Gordo
 * without auth. `scheduler`, `model_info` and the rest are merged over that.
 */
export function writeOverride(options: {
  topic: string;
  keyPrefix: string;
  scheduler: Section;
  modelInfo?: Section;
  extra?: Record<string, Section>;
}): string {
  const config = {
    scheduler: options.scheduler,
    task_queue: {
      connection_string: requirePeerEnv('LATIGO_TEST_KAFKA_CONNECTION_STRING'),
      'ssl.ca.location': requirePeerEnv('LATIGO_TEST_KAFKA_CA_FILE'),
      topic: options.topic,
    },
    model_info: {
      connection_string: `${requirePeerEnv('LATIGO_TEST_GORDO_URL')}/gordo/v0/`,
      n_retries: 0,
      ...options.modelInfo,
    },
    cache: {
      host: '127.0.0.1',
      port: Number(requirePeerEnv('LATIGO_TEST_REDIS_PORT')),
      tls: false,
      key_prefix: options.keyPrefix,
    },
    server: { host: '127.0.0.1', port: 0 },
    ...options.extra,
  };
  const file = join(dir, `override-${++files}.yaml`);
  writeFileSync(file, stringify(config));
  return file;
}

/** The built scheduler as a child process with an override file. */
export function startScheduler(overrideFile: string, args: string[] = []): ServiceProcess {
  return new ServiceProcess({
    mainFile: MAIN_FILE,
    args,
    env: { LATIGO_SCHEDULER_CONFIG_FILE: overrideFile, LOG_LEVEL: 'info' },
  });
}

/** The `slot enqueued` log lines of a process, as [slot, catchUp]. */
export function enqueuedSlots(process: ServiceProcess): { slot: string; catchUp: boolean; tasks: number }[] {
  return process.lines
    .filter((l) => l['message'] === 'slot enqueued')
    .map((l) => ({ slot: String(l['slot']), catchUp: Boolean(l['catchUp']), tasks: Number(l['tasks']) }));
}
