import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { ConfigError } from './errors';

export interface LoadedFile {
  file: string;
  /** The top-level mapping; `{}` for an empty file. */
  data: Record<string, unknown>;
}

/** Reads a YAML configuration file whose top level must be a mapping. */
export async function readYamlFile(file: string): Promise<LoadedFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'read failed';
    throw new ConfigError(
      'CONFIG_FILE_UNREADABLE',
      [{ path: '(file)', file, message: `cannot read the file (${reason})` }],
      { cause },
    );
  }
  return parseYamlText(text, file);
}

export function parseYamlText(text: string, file: string): LoadedFile {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      'CONFIG_FILE_MALFORMED',
      doc.errors.map((e) => ({
        path: '(file)',
        file: e.linePos ? `${file}:${e.linePos[0].line}:${e.linePos[0].col}` : file,
        message: `invalid YAML: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) return { file, data: {} };
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError('CONFIG_FILE_MALFORMED', [
      { path: '(root)', file, message: `expected a mapping of sections at the top level, got ${describe(data)}` },
    ]);
  }
  return { file, data: data as Record<string, unknown> };
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
