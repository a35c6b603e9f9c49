import type { z } from 'zod';
import { formatKeyPath } from './key-path';
import { defOf, unwrap } from './schema';

/** One documented configuration key, for the README's reference table. */
export interface ConfigFieldDoc {
  path: string;
  type: string;
  required: boolean;
  default?: string;
  secret: boolean;
  ignored: boolean;
  description: string;
}

function typeName(schema: z.ZodType): string {
  const def = defOf(schema) as ReturnType<typeof defOf> & {
    entries?: Record<string, string>;
    values?: unknown[];
    format?: string;
  };
  switch (def.type) {
    case 'enum':
      return Object.values(def.entries ?? {})
        .map((v) => `\`${v}\``)
        .join(' \\| ');
    case 'literal':
      return (def.values ?? []).map((v) => `\`${String(v)}\``).join(' \\| ');
    case 'number':
      return isInteger(def) ? 'integer' : 'number';
    case 'string':
      return def.format === 'url' ? 'URL' : 'string';
    case 'record':
      return 'map';
    case 'array':
      return 'list';
    case 'unknown':
      return 'any';
    default:
      return def.type;
  }
}

/** `z.int()` carries the format itself, `z.number().int()` as a check. */
function isInteger(def: { format?: string; checks?: { _zod: { def: { format?: string } } }[] }): boolean {
  const formats = [def.format, ...(def.checks ?? []).map((c) => c._zod.def.format)];
  return formats.some((f) => f === 'safeint' || f === 'int32' || f === 'uint32' || f === 'int64');
}

/** Lists every key of a configuration schema with its type, default and documentation. */
export function describeConfigSchema(schema: z.ZodType, path: PropertyKey[] = []): ConfigFieldDoc[] {
  const layered = unwrap(schema);
  const def = defOf(layered.schema);
  if (def.type === 'object' && def.shape) {
    return Object.entries(def.shape).flatMap(([key, child]) => describeConfigSchema(child, [...path, key]));
  }
  const hasDefault =
    layered.defaultValue !== undefined &&
    !(typeof layered.defaultValue === 'object' && Object.keys(layered.defaultValue as object).length === 0);
  return [
    {
      path: formatKeyPath(path),
      type: typeName(layered.schema),
      required: !layered.optional,
      ...(hasDefault ? { default: JSON.stringify(layered.defaultValue) } : {}),
      secret: layered.meta.secret ?? false,
      ignored: layered.meta.ignored ?? false,
      description: layered.meta.description ?? '',
    },
  ];
}

/** Markdown tables, one per app, generated from the schemas so the README cannot drift. */
export function renderConfigReference(apps: { title: string; schema: z.ZodType }[]): string {
  const lines: string[] = [];
  for (const app of apps) {
    lines.push(`#### ${app.title}`, '', '| key | type | default | notes |', '|---|---|---|---|');
    for (const field of describeConfigSchema(app.schema)) {
      const notes = [
        field.required ? '**required**' : '',
        field.secret ? '**secret** (redacted)' : '',
        field.description.replace(/\|/g, '\\|'),
      ]
        .filter(Boolean)
        .join('; ');
      lines.push(
        `| \`${field.path}\` | ${field.type} | ${field.default ? `\`${field.default}\`` : ''} | ${notes} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
