#!/usr/bin/env node
// Runs the built CLI (npm run bench from the workspace root builds it first); the scenarios'
// child processes run dist/worker.js.
require('../dist/cli.js')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
    // Everything the run opened is closed by now; a forgotten handle must not keep the terminal waiting.
    setTimeout(() => process.exit(code), 2000).unref();
  })
  .catch((error) => {
    process.stderr.write(`latigo-bench: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
