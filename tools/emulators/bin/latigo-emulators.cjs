#!/usr/bin/env node
// Runs the built CLI (npx nx build emulators, or npm run emulators from the workspace root).
require('../dist/cli.js').main().catch((error) => {
  process.stderr.write(`latigo-emulators: ${error.message}\n`);
  process.exit(1);
});
