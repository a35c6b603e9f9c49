// A chart's values: the scenario files, Helm's merge of them, ajv validation against
// values.schema.json, and the `## @param` comments that document every key.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Install scenarios of a chart: values.yaml alone, then ci/*-values.yaml and examples/*.yaml. */
export function scenarios(chartDir) {
  const files = ['ci', 'examples'].flatMap((sub) => {
    const dir = join(chartDir, sub);
    return existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.yaml'))
          .sort()
          .map((f) => join(sub, f))
      : [];
  });
  return [
    { name: 'defaults', file: undefined },
    ...files.map((file) => ({ name: file, file: join(chartDir, file) })),
  ];
}

/** Helm's coalescing of an override into values: maps merge, null deletes a key, the rest replaces. */
export function mergeValues(base, override) {
  const out = { ...base };
  for (const [key, value] of Object.entries(override ?? {})) {
    if (value === null) delete out[key];
    else if (isMap(value) && isMap(out[key])) out[key] = mergeValues(out[key], value);
    else out[key] = value;
  }
  return out;
}

export function readYaml(file) {
  return parse(readFileSync(file, 'utf8'), { merge: true }) ?? {};
}

/**
 * A validator of the chart's values. ajv's strict mode also rejects a schema with unknown keywords
 * (e.g. a misspelt "additionalProperties"), which Helm would silently ignore.
 */
export function valuesValidator(chartDir) {
  const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  return (values) =>
    validate(values)
      ? []
      : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}${paramsText(e)}`);
}

function paramsText(error) {
  if (error.keyword === 'additionalProperties') return ` (${error.params.additionalProperty})`;
  if (error.keyword === 'enum') return ` (${error.params.allowedValues.join(', ')})`;
  return '';
}

/** `## @param path description` lines of a values.yaml, in order. */
export function params(valuesText) {
  return [...valuesText.matchAll(/^\s*## @param ([\w.-]+) (.*)$/gm)].map(([, path, description]) => ({
    path,
    description: description.trim(),
  }));
}

/**
 * Keys of values.yaml without a `@param` (on them or on a parent), and `@param` paths that name no
 * key. A parameter documents its whole subtree: `@param resources` covers resources.limits.cpu.
 */
export function undocumented(valuesText) {
  const values = parse(valuesText) ?? {};
  const documented = new Set(params(valuesText).map((p) => p.path));
  const missing = [];
  const visit = (node, path) => {
    if (path && documented.has(path)) return;
    if (isMap(node) && Object.keys(node).length > 0) {
      for (const [key, child] of Object.entries(node)) visit(child, path ? `${path}.${key}` : key);
    } else {
      missing.push(path);
    }
  };
  visit(values, '');
  const stale = [...documented].filter((path) => !hasPath(values, path));
  return { missing, stale };
}

function hasPath(values, path) {
  let node = values;
  for (const key of path.split('.')) {
    if (!isMap(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}
