#!/usr/bin/env node
// Rewrites the parameter tables of charts/*/README.md from their values.yaml (check-charts.mjs
// fails when a README is stale).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withParameters } from '../src/params-table.mjs';

const chartsDir = fileURLToPath(new URL('../../../charts', import.meta.url));
for (const chart of readdirSync(chartsDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  const readmeFile = join(chartsDir, chart.name, 'README.md');
  const readme = readFileSync(readmeFile, 'utf8');
  const updated = withParameters(readme, readFileSync(join(chartsDir, chart.name, 'values.yaml'), 'utf8'));
  if (updated !== readme) {
    writeFileSync(readmeFile, updated);
    process.stdout.write(`updated ${readmeFile}\n`);
  }
}
