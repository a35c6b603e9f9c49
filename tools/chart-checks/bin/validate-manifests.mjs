#!/usr/bin/env node
// Usage: validate-manifests.mjs FILE... (or - for stdin). Validates every Kubernetes object in the
// YAML streams offline; prints one line per problem and exits 1 if there is any, 0 otherwise.
import { readFileSync } from 'node:fs';
import { parseManifests, validateManifests } from '../src/manifest-validator.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: validate-manifests.mjs FILE... (- for stdin)\n');
  process.exit(2);
}
const manifests = files.flatMap((file) =>
  parseManifests(readFileSync(file === '-' ? 0 : file, 'utf8'), file),
);
const problems = await validateManifests(manifests);
for (const { where, id, problem } of problems) process.stderr.write(`${where} ${id}: ${problem}\n`);
process.stdout.write(`${manifests.length} objects, ${problems.length} problems\n`);
process.exitCode = problems.length ? 1 : 0;
