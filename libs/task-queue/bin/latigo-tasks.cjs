#!/usr/bin/env node
// `latigo-tasks`: the built CLI (npx nx build task-queue writes dist/).
require('../dist/cli.js')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
