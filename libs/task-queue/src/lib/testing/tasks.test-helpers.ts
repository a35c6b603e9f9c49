import type { Registry } from 'prom-client';
import { createTask, type Task } from '../task';

const BASE = Date.UTC(2020, 3, 10, 7, 0, 0);
const SLOT_MS = 30 * 60_000;

/** `count` tasks spread over `keys` models (`m0`, `m1`, …) of project `p`; each model's windows follow each other. */
export function makeTasks(count: number, keys: number, project = 'p'): Task[] {
  return Array.from({ length: count }, (_, i) => {
    const slot = Math.floor(i / keys);
    return createTask({
      projectName: project,
      modelName: `m${i % keys}`,
      fromTime: new Date(BASE + slot * SLOT_MS),
      toTime: new Date(BASE + (slot + 1) * SLOT_MS),
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(20);
  }
}

/** A deferred promise: `release()` lets every waiter on `promise` through. */
export function gate(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** Resolves when `signal` aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** The value of a Prometheus series (labels must match exactly the given ones), or undefined. */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return undefined;
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  return values.find((v) => wanted.every(([k, want]) => String(v.labels[k]) === want))?.value;
}
