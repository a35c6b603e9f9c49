import { runExecutorWorker } from './scenarios/executor-worker';
import { runSchedulerWorker } from './scenarios/scheduler-worker';

/**
 * Entry of the worker processes (`dist/worker.js <kind>`): a bundle of its own, so an executor
 * worker loads what the executor loads (plus this harness) and not the emulators or the
 * benchmark itself, which would inflate its RSS.
 */
async function runWorker(kind: string | undefined): Promise<void> {
  if (kind === 'scheduler') return runSchedulerWorker();
  if (kind?.startsWith('executor')) return runExecutorWorker();
  throw new Error(`unknown worker ${kind}`);
}

runWorker(process.argv[2]).then(
  () => {
    process.disconnect?.();
    setTimeout(() => process.exit(0), 1000).unref();
  },
  (error: unknown) => {
    process.send?.({ type: 'error', message: (error as Error).stack ?? String(error) });
    process.stderr.write(`latigo-bench worker: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
