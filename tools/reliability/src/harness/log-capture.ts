import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceProcess } from '@latigo/service-runtime/testing';
import { workspaceRoot } from '../lib/tallies-file';

/**
 * Every log a scenario captured, by name: the apps' JSON lines and stderr, the outputs of CLI
 * runs. Written to dist/reliability/logs/<scenario>/ for reading after a failure, and grepped
 * for planted secrets.
 */
export class LogCapture {
  readonly texts = new Map<string, string>();
  readonly dir: string;

  constructor(scenario: string) {
    this.dir = join(workspaceRoot(), 'dist', 'reliability', 'logs', scenario);
    mkdirSync(this.dir, { recursive: true });
  }

  add(name: string, text: string): void {
    this.texts.set(name, text);
    writeFileSync(join(this.dir, name.replace(/[^\w.-]+/g, '_')), text);
  }

  addProcess(name: string, process: ServiceProcess): void {
    this.add(`${name}.jsonl`, process.lines.map((l) => JSON.stringify(l)).join('\n'));
    this.add(`${name}.stderr`, process.stderr.join(''));
  }

  get lineCount(): number {
    return [...this.texts.values()].reduce((n, t) => n + (t === '' ? 0 : t.split('\n').length), 0);
  }
}
