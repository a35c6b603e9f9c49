// The parameter tables of a chart's README, generated from the `## @section` and `## @param`
// comments of its values.yaml (the Bitnami readme-generator's format, without its install).
import { parse } from 'yaml';

const START =
  '<!-- parameters:start (generated from values.yaml: node tools/chart-checks/bin/chart-readme.mjs) -->';
const END = '<!-- parameters:end -->';

export function parametersMarkdown(valuesText) {
  const values = parse(valuesText) ?? {};
  const out = [];
  for (const line of valuesText.split('\n')) {
    const section = line.match(/^\s*## @section (.*)$/);
    const param = line.match(/^\s*## @param ([\w.-]+) (.*)$/);
    if (section)
      out.push('', `### ${section[1].trim()}`, '', '| Name | Description | Default |', '|---|---|---|');
    if (param)
      out.push(
        `| \`${param[1]}\` | ${escape(param[2].trim())} | ${defaultText(valueAt(values, param[1]))} |`,
      );
  }
  return out.join('\n').trim();
}

/** The README with its generated block replaced; throws when the markers are missing. */
export function withParameters(readme, valuesText) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README lacks the markers ${START} … ${END}`);
  return `${readme.slice(0, start + START.length)}\n\n${parametersMarkdown(valuesText)}\n\n${readme.slice(end)}`;
}

function valueAt(values, path) {
  return path
    .split('.')
    .reduce((node, key) => (node === undefined || node === null ? undefined : node[key]), values);
}

function defaultText(value) {
  const json = JSON.stringify(value);
  if (json === undefined) return '';
  return json.length > 60 ? 'see values.yaml' : `\`${escape(json)}\``;
}

function escape(text) {
  return text.replaceAll('|', '\\|');
}
