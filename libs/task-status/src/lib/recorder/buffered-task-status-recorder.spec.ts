import { metricSum, noopLogger } from '@latigo/observability';
import { Registry } from 'prom-client';
import { MemoryTaskStatusStore } from '../store/memory-task-status-store';
import type { TaskStatusWrite, TaskStatusWriter } from '../store/status-store';
import { event, T0 } from '../testing/conformance.test-helpers';
import { BufferedTaskStatusRecorder } from './buffered-task-status-recorder';

/** A writer that fails while `down`, and can hold a write open. */
class ControlledWriter implements TaskStatusWriter {
  down = false;
  written: TaskStatusWrite[] = [];
  hold: Promise<void> | undefined;
  async write(batch: readonly TaskStatusWrite[]): Promise<void> {
    if (this.hold) await this.hold;
    if (this.down) throw new Error('connection refused');
    this.written.push(...batch);
  }
}

const recorders: BufferedTaskStatusRecorder[] = [];
afterEach(async () => {
  await Promise.all(recorders.map((r) => r.close()));
  recorders.length = 0;
});

function recorderWith(writer: TaskStatusWriter, options: { maxBuffered?: number; maxBatch?: number } = {}) {
  const registry = new Registry();
  const warnings: string[] = [];
  const logger = { ...noopLogger, warn: (msg: string) => void warnings.push(msg), child: () => logger };
  // A long interval: the tests flush explicitly.
  const recorder = new BufferedTaskStatusRecorder({
    writer,
    logger,
    registry,
    flushIntervalMs: 3600_000,
    ...options,
  });
  recorders.push(recorder);
  return { recorder, registry, warnings };
}

describe('BufferedTaskStatusRecorder', () => {
  it('returns at once while a write is stuck, and writes everything once it goes through', async () => {
    const writer = new ControlledWriter();
    let release!: () => void;
    writer.hold = new Promise((resolve) => (release = resolve));
    const { recorder } = recorderWith(writer, { maxBatch: 2 });
    recorder.record(event('a', 'running', T0));
    const flushing = recorder.flush();
    for (const m of ['b', 'c', 'd']) recorder.record(event(m, 'running', T0)); // while the write hangs
    expect(writer.written).toEqual([]);
    release();
    await flushing;
    await recorder.flush();
    expect(writer.written.map((w) => (w.kind === 'event' ? w.event.model : ''))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(recorder.pending).toBe(0);
  });

  it('keeps the events of a failed write, counts the failure, warns once per outage, and writes them later', async () => {
    const writer = new ControlledWriter();
    writer.down = true;
    const { recorder, registry, warnings } = recorderWith(writer);
    recorder.expect({ slot: new Date(T0).toISOString(), project: 'p1', models: ['a'] });
    recorder.record(event('a', 'enqueued', T0));
    await recorder.flush();
    recorder.record(event('a', 'running', T0));
    await recorder.flush();
    expect(await metricSum(registry, 'latigo_task_status_writes_failed_total')).toBe(2);
    expect(warnings).toEqual(['task status write failed; keeping the events and trying again']);
    expect(recorder.pending).toBe(3);
    writer.down = false;
    await recorder.flush();
    expect(writer.written.map((w) => (w.kind === 'event' ? w.event.state : w.kind))).toEqual([
      'expectation',
      'enqueued',
      'running',
    ]);
  });

  it('drops the oldest events beyond the bound, and counts them', async () => {
    const writer = new ControlledWriter();
    writer.down = true;
    const { recorder, registry } = recorderWith(writer, { maxBuffered: 3 });
    for (const m of ['a', 'b', 'c', 'd', 'e']) recorder.record(event(m, 'running', T0));
    await recorder.flush(); // fails: still bounded after putting the batch back
    recorder.record(event('f', 'running', T0));
    expect(await metricSum(registry, 'latigo_task_status_events_dropped_total')).toBe(3);
    writer.down = false;
    await recorder.flush();
    expect(writer.written.map((w) => (w.kind === 'event' ? w.event.model : ''))).toEqual(['d', 'e', 'f']);
  });

  it('flushes in the background without being asked', async () => {
    const store = new MemoryTaskStatusStore({ now: () => T0 + 60_000 });
    const recorder = new BufferedTaskStatusRecorder({
      writer: store,
      logger: noopLogger,
      registry: new Registry(),
      flushIntervalMs: 5,
    });
    recorders.push(recorder);
    recorder.record(event('a', 'succeeded', T0));
    for (let i = 0; i < 200 && recorder.pending > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await store.report()).slots[0]).toMatchObject({ succeeded: 1 });
  });

  it('costs the caller little: record() only appends (figure printed, not asserted)', async () => {
    const { recorder } = recorderWith(new ControlledWriter(), { maxBuffered: 200_000 });
    const events = Array.from({ length: 100_000 }, (_, i) => event(`m${i % 100}`, 'running', T0));
    const started = process.hrtime.bigint();
    for (const e of events) recorder.record(e);
    const nsPerEvent = Number(process.hrtime.bigint() - started) / events.length;
    process.stdout.write(`task status record(): ${nsPerEvent.toFixed(0)} ns per event\n`);
    expect(recorder.pending).toBe(100_000);
  });
});
