/**
 * The common end of a worker process (`dist/<app>-worker.js`): runs it, reports a failure to the
 * benchmark, exits. Each app's worker is a bundle of its own, so an executor worker loads what
 * the executor app loads (plus this harness) and not the scheduler, the emulators or the
 * benchmark, which would inflate its RSS.
 */
export function runWorkerMain(run: () => Promise<void>): void {
  let finished = false;
  // The benchmark is gone (Ctrl-C, killed): nobody is left to read the results or stop this one.
  process.once('disconnect', () => {
    if (!finished) process.exit(1);
  });
  run().then(
    () => {
      finished = true;
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
