import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReliabilityDoc } from './lib/reliability-doc';
import { DEFAULT_TALLIES_FILE, readTallies, workspaceRoot } from './lib/tallies-file';

// `npm run reliability:doc`: docs/RELIABILITY.md from the tallies of the last run of the suite.
const tallies = readTallies(process.argv[2] ?? DEFAULT_TALLIES_FILE);
const out = join(workspaceRoot(), 'docs', 'RELIABILITY.md');
writeFileSync(out, renderReliabilityDoc(tallies));
process.stdout.write(`${out}: ${tallies.scenarios.length} scenarios\n`);
