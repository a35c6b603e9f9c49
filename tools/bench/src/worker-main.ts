/**
 * The common end of a worker process (`dist/<app>-worker.js`): runs it, reports a failure to the
 * benchmark, exits. Each app's worker is a bundle of its own, so an executor worker loads what
 * the executor app loads (plus this harness) and not the scheduler, the emulators or the
 * benchmark, which would inflate its RSS.
 */
export function runWorkerMain(run: () => Promise<void>): void {
  run().then(
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
}
