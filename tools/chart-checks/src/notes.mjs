// NOTES.txt is rendered only by `helm install`, which needs a cluster. Render it with `helm template`
// from a scratch copy of the chart in which a template prints it, so a broken NOTES.txt fails here.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { template } from './helm.mjs';

/** Returns `render(valuesFile) → { ok, notes, error }` and `dispose()` for one chart. */
export function notesRenderer(chartDir) {
  const copy = join(mkdtempSync(join(tmpdir(), 'latigo-notes-')), 'chart');
  cpSync(chartDir, copy, { recursive: true });
  // .Files cannot read templates/, so the copy keeps NOTES.txt at its root too.
  cpSync(join(chartDir, 'templates', 'NOTES.txt'), join(copy, 'notes.txt'));
  writeFileSync(
    join(copy, 'templates', 'zz-notes.yaml'),
    'notes: |\n{{ tpl (.Files.Get "notes.txt") . | indent 2 }}\n',
  );
  return {
    render(valuesFile) {
      const out = template(copy, valuesFile, ['--show-only', 'templates/zz-notes.yaml']);
      if (!out.ok) return { ok: false, error: out.stderr };
      return { ok: true, notes: parse(out.stdout)?.notes ?? '' };
    },
    dispose() {
      rmSync(join(copy, '..'), { recursive: true, force: true });
    },
  };
}
