#!/usr/bin/env node
// `latigo`: the built CLI (npx nx build task-status writes dist/).
require('../dist/cli.js')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
