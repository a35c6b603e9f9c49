import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskQueueSectionConfig } from '@latigo/config-loader';
import { main } from './cli';
import { deadLetterMessage } from './lib/dead-letter';
import { MemoryBroker } from './lib/memory/memory-broker';
import { createMemoryTaskQueue } from './lib/memory/memory-task-queue';
import type { Task } from './lib/task';
import { decodeTask, encodeTask } from './lib/task-codec';
import { makeTasks } from './lib/testing/tasks.test-helpers';

const CONNECTION =
  'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=n;SharedAccessKey=c2VjcmV0;EntityPath=hub';

describe('latigo-tasks dlq', () => {
  let broker: MemoryBroker;
  let sections: TaskQueueSectionConfig[];
  const [gone, flaky] = makeTasks(2, 2);

  beforeEach(() => {
    broker = new MemoryBroker();
    sections = [];
    createMemoryTaskQueue({ broker, topic: 'hub', partitions: 1 });
    const letter = (key: string | null, value: string, code: string, offset: string) => {
      const message = deadLetterMessage(key === null ? null : Buffer.from(key), Buffer.from(value), {
        original: { topic: 'hub', partition: 0, offset },
        reason: `${code} happened`,
        code,
        attempts: code === 'TASK_POISON_MESSAGE' ? 0 : 3,
        firstFailureAt: new Date('2020-04-10T07:00:00Z'),
        lastFailureAt: new Date('2020-04-10T07:01:00Z'),
      });
      return { key, value: message.value, headers: message.headers };
    };
    broker.produce('hub.dlq', [
      letter('p/m0', encodeTask(gone as Task), 'GORDO_GONE', '0'),
      letter('p/m1', encodeTask(flaky as Task), 'TASK_FAILED', '1'),
      letter(null, 'not json', 'TASK_POISON_MESSAGE', '2'),
    ]);
  });

  async function run(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['node', 'latigo-tasks', ...args], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: { LATIGO_TASK_QUEUE_CONNECTION_STRING: CONNECTION },
      openQueue: (section) => {
        sections.push(section);
        return createMemoryTaskQueue({ broker, topic: section.topic ?? 'hub', partitions: 1 });
      },
    });
    return { code, stdout, stderr };
  }

  it('lists dead letters, one line each', async () => {
    const { code, stdout } = await run('dlq', 'list');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      `0/0  GORDO_GONE  attempts=3  ${gone?.taskId}  from=hub/0/0  last_failure=2020-04-10T07:01:00Z  reason="GORDO_GONE happened"`,
    );
    expect(lines[2]).toContain('TASK_POISON_MESSAGE  attempts=0  (poison: not a task)');
    expect(lines[3]).toBe('3 dead letter(s) on hub.dlq');
  });

  it('filters, and writes JSON lines with --json', async () => {
    const { stdout } = await run('dlq', 'list', '--model', 'm1', '--json');
    expect(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      expect.objectContaining({
        task_id: flaky?.taskId,
        code: 'TASK_FAILED',
        attempts: 3,
        position: { topic: 'hub.dlq', partition: 0, offset: '1' },
      }),
    ]);
    expect((await run('dlq', 'list', '--from-offset', '2', '--json')).stdout.trim().split('\n')).toHaveLength(
      1,
    );
    expect(
      (await run('dlq', 'list', '--code', 'GORDO_GONE', '--json')).stdout.trim().split('\n'),
    ).toHaveLength(1);
  });

  it('shows what a replay would do with --dry-run, and sends nothing', async () => {
    const { code, stdout } = await run('dlq', 'replay', '--dry-run');
    expect(code).toBe(0);
    expect(stdout).toContain(`would replay  0/0  GORDO_GONE`);
    expect(stdout).toContain('would skip (poison)  0/2  TASK_POISON_MESSAGE');
    expect(stdout).toContain('dry run: matched 3, replayed 0 to hub, skipped 1 poison');
    expect(broker.endOffset('hub', 0)).toBe(0n);
  });

  it('replays matching dead letters to the task topic with the next attempt number', async () => {
    const { code, stdout } = await run('dlq', 'replay', '--code', 'GORDO_GONE');
    expect(code).toBe(0);
    expect(stdout).toBe(
      'matched 1, replayed 1 to hub, skipped 0 poison; to skip these next time: partition 0: --from-offset 1\n',
    );
    const [record] = broker.read('hub', 0, 0n);
    expect(decodeTask(record?.value)).toEqual({ ...gone, attempt: 2 });
  });

  it('takes task_queue from --config (with ${VAR}), the flags on top', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latigo-cli-'));
    try {
      const file = join(dir, 'executor.yaml');
      writeFileSync(
        file,
        'executor: {}\ntask_queue:\n  connection_string: ${LATIGO_TASK_QUEUE_CONNECTION_STRING}\n  topic: from-file\n',
      );
      expect((await run('dlq', 'list', '--config', file, '--dead-letter-topic', 'hub.dlq')).code).toBe(0);
      expect(sections[0]).toMatchObject({
        type: 'kafka',
        topic: 'from-file',
        dead_letter_topic: 'hub.dlq',
        connection_string: CONNECTION,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with exit code 1 and the config problem, never the secret', async () => {
    let stderr = '';
    const code = await main(['node', 'latigo-tasks', 'dlq', 'list', '--topic', 't'], {
      stderr: (t) => void (stderr += t),
      env: {},
      openQueue: () => {
        throw new Error('not reached');
      },
    });
    expect(code).toBe(1);
    expect(stderr).toContain('task_queue.connection_string');
    expect(stderr).toContain('required for type kafka');
  });

  it('exits 2 on bad usage', async () => {
    expect((await run('dlq', 'list', '--from-offset', 'x')).code).toBe(2);
    expect((await run('nope')).code).toBe(2);
  });
});
