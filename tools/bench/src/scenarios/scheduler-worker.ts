import { join } from 'node:path';
import { startScheduler } from '@latigo/scheduler/composition';
import { createAppContext, type LogRecord } from '@latigo/service-runtime';
import { loadSchedulerConfig } from '../lib/app-config';
import { parentChannel, usage } from '../lib/worker-process';

export interface SchedulerWorkerParams {
  brokers: string;
  topic: string;
  gordoUrl: string;
  projects: string[];
  /** Slots to wait for, one per tick. */
  slots: number;
  interval: string;
  logDir: string;
}

/** Idle CPU is measured from 1 s to 3 s after the last slot: within the 5 s slot interval. */
const IDLE_SETTLE_MS = 1000;
const IDLE_WINDOW_MS = 2000;

/**
 * Child process: the scheduler through its composition root, on real Kafka, with a short slot
 * interval so ticks come quickly; each `slot enqueued` line carries tick → last acknowledgement.
 */
export async function runSchedulerWorker(): Promise<void> {
  const parent = parentChannel();
  const params = (await parent.next('start'))['params'] as SchedulerWorkerParams;
  const config = await loadSchedulerConfig({
    scheduler: {
      name: 'latigo-bench',
      projects: params.projects,
      continuous_prediction_start_time: '00:00',
      continuous_prediction_interval: params.interval,
      continuous_prediction_delay: '1h',
      catchup_window: '0',
      run_at_once: false,
    },
    task_queue: {
      type: 'kafka',
      'bootstrap.servers': params.brokers,
      'security.protocol': 'PLAINTEXT',
      topic: params.topic,
    },
    cache: { type: 'memory' },
    model_info: { connection_string: params.gordoUrl },
    server: { host: '127.0.0.1', port: 0 },
  });
  const slots: Record<string, unknown>[] = [];
  let slotSeen: (() => void) | undefined;
  const errors: string[] = [];
  const sink = (record: LogRecord) => {
    if (record.level === 'error') errors.push(record.message);
    if (record.message !== 'slot enqueued') return;
    slots.push({ ...record.meta, cpuMs: usage().cpuMs });
    slotSeen?.();
  };
  const app = await createAppContext('scheduler', config, join(params.logDir, 'scheduler.jsonl'), sink);
  await startScheduler(app.ctx);
  const before = usage();
  while (slots.length < params.slots) {
    if (errors.length > 0) throw new Error(`the scheduler logged errors: ${errors.join('; ')}`);
    await new Promise<void>((resolve) => {
      slotSeen = resolve;
      setTimeout(resolve, 1000);
    });
  }
  const after = usage();
  // Idle until the next tick, its producer connected: what a scheduler costs most of the time.
  // The first second lets the slot's own aftermath (collecting its tasks' garbage) pass.
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  const idleFrom = usage().cpuMs;
  await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
  const idleCpuMs = usage().cpuMs - idleFrom;
  await app.stop('benchmark done');
  await app.closeLog();
  parent.send({
    type: 'result',
    slots,
    cpuMsBetweenSlots: after.cpuMs - before.cpuMs,
    idleCpuMsPerSecond: idleCpuMs / (IDLE_WINDOW_MS / 1000),
    maxRssMb: after.maxRssMb,
  });
}
