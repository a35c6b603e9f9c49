#!/usr/bin/env node
// Runs the built CLI (npm start from the workspace root builds it first).
require('../dist/cli.js')
  .main()
  .then((code) => {
    process.exitCode = code;
    // Everything the run opened is closed by now; a forgotten handle must not keep the terminal waiting.
    setTimeout(() => process.exit(code), 2000).unref();
  })
  .catch((error) => {
    process.stderr.write(`latigo-local-run: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
