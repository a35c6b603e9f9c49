import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventHubsSection, KafkaTestBroker, uniqueName } from '../testing/kafka-peer.test-helpers';
import { makeTasks, waitFor } from '../testing/tasks.test-helpers';
import { createKafkaTaskQueue } from './kafka-task-queue';
import { kafkaSettingsFromConfig, type KafkaSettings } from './kafka-settings';

// Integration: a consumer process killed with SIGKILL while tasks run; every task must still be
// completed at least once (the unfinished ones by the consumer that takes over).
describe('a consumer process killed with SIGKILL', () => {
  const broker = new KafkaTestBroker();
  const dir = mkdtempSync(join(tmpdir(), 'latigo-crash-'));
  let worker: ChildProcess | undefined;
  afterAll(async () => {
    if (worker?.exitCode === null) worker.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    await broker.close();
  });

  it('loses no task: those in flight are delivered again to the next consumer', async () => {
    const topic = uniqueName('crash');
    const groupId = `${topic}.executor`;
    await broker.createTopics([
      { topic, partitions: 2 },
      { topic: `${topic}.dlq`, partitions: 1 },
    ]);
    const settings: KafkaSettings = {
      ...kafkaSettingsFromConfig(eventHubsSection({ topic, 'group.id': groupId })),
      commitIntervalMs: 100,
      // The broker's minimum: the dead member's partitions are reassigned after at most 6 s.
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 1_000,
    };
    const queue = createKafkaTaskQueue({ settings });
    const tasks = makeTasks(60, 12);
    await queue.enqueue(tasks);

    const journalFile = join(dir, 'journal.txt');
    worker = spawn(
      process.execPath,
      ['--conditions=@latigo/source', join(__dirname, '__fixtures__', 'crash-worker.cjs')],
      {
        env: { ...process.env, WORKER_SETTINGS: JSON.stringify(settings), WORKER_JOURNAL: journalFile },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const journal = () => {
      const lines = (() => {
        try {
          return readFileSync(journalFile, 'utf8').split('\n');
        } catch {
          return [];
        }
      })();
      const ids = (kind: string) =>
        lines.filter((l) => l.startsWith(`${kind} `)).map((l) => l.slice(kind.length + 1));
      return { started: ids('start'), done: new Set(ids('done')) };
    };
    await waitFor(
      'the worker to finish 15 tasks with others in flight',
      () => {
        const { started, done } = journal();
        return done.size >= 15 && started.some((id) => !done.has(id));
      },
      45_000,
    );
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker?.once('exit', resolve));
    const atKill = journal();
    const inFlight = atKill.started.filter((id) => !atKill.done.has(id));
    expect(inFlight.length).toBeGreaterThan(0);

    const completedBySuccessor = new Map<string, number>();
    const successor = queue.consumer();
    await successor.run(
      async (task) =>
        void completedBySuccessor.set(task.taskId, (completedBySuccessor.get(task.taskId) ?? 0) + 1),
      { concurrency: 8 },
    );
    const everyTask = tasks.map((t) => t.taskId);
    await waitFor(
      'every task completed by one consumer or the other',
      () => everyTask.every((id) => atKill.done.has(id) || completedBySuccessor.has(id)),
      45_000,
    );
    await successor.drain(10_000);
    await queue.close();

    for (const id of inFlight) expect(completedBySuccessor.get(id)).toBeGreaterThanOrEqual(1);
    expect(await broker.committed(groupId, topic)).toEqual(await broker.endOffsets(topic));
    const redone = [...completedBySuccessor.keys()].filter((id) => atKill.done.has(id));
    process.stdout.write(
      `[crash test] worker finished ${atKill.done.size}, ${inFlight.length} in flight at SIGKILL; ` +
        `successor completed ${completedBySuccessor.size} (${redone.length} of them already done before the kill)\n`,
    );
  }, 90_000);
});
