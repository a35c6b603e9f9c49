import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { taskQueueSectionSchema } from '@latigo/config-loader';
import { generateCollection, GordoEmulator, type GeneratedModelSpec } from '@latigo/emulators';
import { noopLogger } from '@latigo/observability';
import {
  createKafkaClient,
  createTask,
  encodeTask,
  kafkaSettingsFromConfig,
  taskKeyOf,
} from '@latigo/task-queue';
import { startPeer, stopPeer } from '@latigo/peers';
import type { SchedulerResult, SchedulerSlot } from '../lib/results';
import { median } from '../lib/stats';
import { WorkerProcess } from '../lib/worker-process';
import type { SchedulerWorkerParams } from './scheduler-worker';

export interface SchedulerScenarioOptions {
  projects: number;
  modelsPerProject: number;
  slots: number;
  partitions: number;
  stateDir: string;
  logDir: string;
  cpuProfileDir?: string;
  /** Called with the broker's version once it runs. */
  onVersion?: (name: string, version: string) => void;
  log: (line: string) => void;
}

const INTERVAL = '5s';

/** The models of one project: small, since discovery only lists them. */
function models(count: number): GeneratedModelSpec[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => ({
    name: `model-${String(i + 1).padStart(width, '0')}`,
    tags: ['tag-1', 'tag-2', 'tag-3'],
  }));
}

/**
 * Scenario 1: `projects` × `modelsPerProject` models served by the Gordo emulator (one emulator
 * answers every project, as the real server ignores the project segment), the scheduler in a child
 * process enqueueing one slot per tick into a fresh topic on the real broker.
 */
export async function schedulerScenario(options: SchedulerScenarioOptions): Promise<SchedulerResult> {
  const { log } = options;
  log('scheduler: starting the Kafka peer');
  const kafkaEnv = await startPeer('kafka', options.stateDir);
  const brokers = kafkaEnv['LATIGO_TEST_KAFKA_BROKERS'] as string;
  const gordo = new GordoEmulator({
    collection: generateCollection({
      project: 'bench',
      revisions: ['1700000001000'],
      models: models(options.modelsPerProject),
    }),
  });
  await gordo.listen(0, '127.0.0.1');
  const topic = `latigo-bench-${Date.now()}`;
  const worker = new WorkerProcess(
    'scheduler',
    'scheduler',
    options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {},
  );
  try {
    const version = /Apache Kafka ([^ ]+)/.exec(readText(join(options.stateDir, 'kafka.env')))?.[1];
    if (version) options.onVersion?.('kafka', version);
    await createTopic(brokers, topic, options.partitions);
    const projects = Array.from(
      { length: options.projects },
      (_, i) => `project-${String(i + 1).padStart(2, '0')}`,
    );
    const params: SchedulerWorkerParams = {
      brokers,
      topic,
      gordoUrl: gordo.url,
      projects,
      slots: options.slots,
      interval: INTERVAL,
      logDir: options.logDir,
    };
    log(
      `scheduler: ${projects.length} projects × ${options.modelsPerProject} models, ${options.slots} slots every ${INTERVAL}`,
    );
    worker.send({ type: 'start', params });
    const result = await worker.next('result');
    await worker.exit();
    const lines = result['slots'] as Record<string, number>[];
    const slots: SchedulerSlot[] = lines.map((l) => ({
      tasks: Number(l['tasks']),
      lagMs: Number(l['lagMs']),
      discoveryMs: Number(l['discoveryMs']),
      enqueueMs: Number(l['enqueueMs']),
      produceRequests: Number(l['requests']),
    }));
    const tasks = slots.reduce((s, x) => s + x.tasks, 0);
    const sample = createTask({
      projectName: projects[0] as string,
      modelName: 'model-0001',
      fromTime: new Date('2026-03-01T08:00:00Z'),
      toTime: new Date('2026-03-01T08:30:00Z'),
      scheduledAt: new Date(),
    });
    const storedBytes = topicLogBytes(options.stateDir, topic);
    // CPU between the first and last slot line, over the tasks of the slots after the first.
    const cpuMs = Number(lines.at(-1)?.['cpuMs']) - Number(lines[0]?.['cpuMs']);
    const laterTasks = tasks - (slots[0]?.tasks ?? 0);
    return {
      projects: projects.length,
      models: projects.length * options.modelsPerProject,
      partitions: options.partitions,
      slots,
      tasksPerSecond: median(slots.map((s) => s.tasks / (s.lagMs / 1000))),
      enqueueTasksPerSecond: median(slots.map((s) => s.tasks / (s.enqueueMs / 1000))),
      medianLagMs: median(slots.map((s) => s.lagMs)),
      bytesPerTaskStored: storedBytes / tasks,
      bytesPerTaskMessage: Buffer.byteLength(taskKeyOf(sample)) + Buffer.byteLength(encodeTask(sample)),
      cpuMsPerTask: laterTasks > 0 ? cpuMs / laterTasks : Number.NaN,
      peakRssMb: Number(result['maxRssMb']),
      idleCpuMsPerSecond: Number(result['idleCpuMsPerSecond']),
    };
  } finally {
    worker.kill();
    await gordo.close();
    await stopPeer('kafka', options.stateDir);
  }
}

async function createTopic(brokers: string, topic: string, partitions: number): Promise<void> {
  const settings = kafkaSettingsFromConfig(
    taskQueueSectionSchema.parse({
      type: 'kafka',
      'bootstrap.servers': brokers,
      'security.protocol': 'PLAINTEXT',
      topic,
    }),
  );
  const admin = createKafkaClient({ ...settings, clientId: 'latigo-bench-admin' }, noopLogger).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        { topic: settings.topic, numPartitions: partitions },
        { topic: settings.deadLetterTopic, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** The env file of a peer names its version in a comment. */
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Bytes of the topic's log segments on the broker's disk (index files left out: they are preallocated). */
function topicLogBytes(stateDir: string, topic: string): number {
  const dataDir = join(stateDir, 'kafka', 'data');
  let bytes = 0;
  for (const dir of readdirSync(dataDir)) {
    if (!dir.startsWith(`${topic}-`) || !/-\d+$/.test(dir)) continue;
    for (const file of readdirSync(join(dataDir, dir)))
      if (file.endsWith('.log')) bytes += statSync(join(dataDir, dir, file)).size;
  }
  return bytes;
}
