import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { taskQueueSectionSchema } from '@latigo/config-loader';
import { ServiceProcess } from '@latigo/service-runtime/testing';
import { createTask, createTaskQueue } from '@latigo/task-queue';
import { stringify } from 'yaml';
import { type Emulators, startEmulators, waitFor } from './testing/in-process.test-helpers';
import { KafkaAdmin, peerConfig, uniqueName } from './testing/peers.test-helpers';

// The built bundle (dist/main.js) as a real process, against the real Kafka, Redis and Gordo.

const MAIN = join(__dirname, '..', 'dist', 'main.js');
const FINISHED = new Set(['task succeeded', 'task skipped', 'task failed']);

describe('executor process: SIGTERM while tasks run', () => {
  let emulators: Emulators;
  const kafka = new KafkaAdmin();
  const processes: ServiceProcess[] = [];
  beforeAll(async () => {
    emulators = await startEmulators();
  });
  afterAll(async () => {
    for (const p of processes) p.kill('SIGKILL');
    await kafka.close();
    await emulators.close();
  });

  it('finishes and commits the tasks in flight, and the next process does the rest: nothing is lost', async () => {
    const topics = await kafka.createTopics(uniqueName('sigterm-tasks'));
    const groupId = uniqueName('sigterm-group');
    const config = peerConfig(
      emulators,
      { ...topics, groupId },
      { task_queue: { 'security.protocol': 'PLAINTEXT' } },
    );
    const file = join(mkdtempSync(join(tmpdir(), 'latigo-executor-sigterm-')), 'executor.yaml');
    writeFileSync(file, stringify(config));
    const start = () => {
      const child = new ServiceProcess({ mainFile: MAIN, env: { LATIGO_EXECUTOR_CONFIG_FILE: file } });
      processes.push(child);
      return child;
    };
    // Slow reads keep several tasks in flight when the signal comes.
    emulators.timeseries.server.faults.add({ route: 'GET *', latencyMs: 300 });
    const tasks = ['07:00', '07:30', '08:00', '08:30'].flatMap((hhmm) =>
      ['diff-3tags', 'diff-10tags', 'diff-25tags', 'plain-3tags'].map((model) =>
        createTask({
          projectName: 'latigo-test',
          modelName: model,
          fromTime: new Date(`2024-01-10T${hhmm}:00Z`),
          toTime: new Date(Date.parse(`2024-01-10T${hhmm}:00Z`) + 30 * 60_000),
        }),
      ),
    );
    const queue = createTaskQueue(taskQueueSectionSchema.parse(config['task_queue']));
    await queue.enqueue(tasks);

    const first = start();
    await first.waitForLine((l) => l['message'] === 'task succeeded', 60_000);
    const finishedIds = () =>
      new Set(first.lines.filter((l) => FINISHED.has(String(l['message']))).map((l) => l['task_id']));
    await waitFor('a task in flight', () => {
      const done = finishedIds();
      return first.lines.some((l) => l['message'] === 'task started' && !done.has(l['task_id']));
    });
    const inFlight = first.lines
      .filter((l) => l['message'] === 'task started' && !finishedIds().has(l['task_id']))
      .map((l) => l['task_id']);
    first.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });

    // Every task the first process started, the ones in flight at the signal included, finished there.
    const started = first.lines.filter((l) => l['message'] === 'task started');
    const finished = first.lines.filter((l) => FINISHED.has(String(l['message'])));
    expect(inFlight.length).toBeGreaterThan(0);
    expect(finished.map((l) => l['task_id']).sort()).toEqual(started.map((l) => l['task_id']).sort());
    expect(finished.every((l) => l['message'] === 'task succeeded')).toBe(true);
    expect(first.lines.find((l) => l['message'] === 'task consumer drained')).toMatchObject({
      timedOut: false,
    });
    expect(first.lines.find((l) => l['message'] === 'shutdown complete')).toMatchObject({
      failed: [],
      pending: [],
    });

    // Committed: on each partition, everything up to the first task it did not finish.
    const done = new Map<number, Set<number>>();
    for (const l of finished) {
      const partition = Number(l['partition']);
      done.set(partition, (done.get(partition) ?? new Set()).add(Number(l['offset'])));
    }
    const committed = await kafka.committed(groupId, topics.topic);
    for (const [partition, high] of await kafka.endOffsets(topics.topic)) {
      let prefix = 0;
      while (prefix < high && done.get(partition)?.has(prefix)) prefix++;
      expect({ partition, committed: committed.get(partition) ?? 0 }).toEqual({
        partition,
        committed: prefix,
      });
    }

    // A second process takes over and finishes the rest.
    const second = start();
    await waitFor('the second process to commit every task', () => kafka.drained(groupId, topics.topic));
    second.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });

    // Nothing lost, nothing done twice: one metadata record per task, no dead letter.
    const records = emulators.metadata
      .models()
      .filter((m) => m.body.description.includes("from '2024-01-10 "));
    const windows = records.map(
      (m) => `${m.body.model_name} ${m.body.description.split('Prediction period: ')[1]}`,
    );
    expect(new Set(windows).size).toBe(tasks.length);
    expect(windows).toHaveLength(tasks.length);
    expect(await queue.deadLetters.list()).toEqual([]);
    await queue.close();
  });
});
