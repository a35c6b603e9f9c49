// Validates Kubernetes objects offline: the JSON schema of their apiVersion/kind (kubernetes-models,
// @kubernetes-models/keda, @kubernetes-models/prometheus-operator) plus unknown fields (strict-fields).
import { parseAllDocuments } from 'yaml';
import { modelModule } from './model-modules.mjs';
import { createStrictFieldChecker } from './strict-fields.mjs';

/** The objects of a multi-document YAML stream (empty documents, e.g. from `helm template`, skipped). */
export function parseManifests(text, source) {
  return parseAllDocuments(text).flatMap((doc, i) => {
    if (doc.errors.length) throw new Error(`${source} document ${i + 1}: ${doc.errors[0].message}`);
    const object = doc.toJS();
    return object === null || object === undefined ? [] : [{ object, where: `${source} document ${i + 1}` }];
  });
}

/**
 * Problems of each manifest, as `{ where, id, problem }` (empty when all are valid). `manifests` are
 * `{ object, where }` as parseManifests returns them.
 */
export async function validateManifests(manifests) {
  const problems = [];
  const typed = [];
  for (const { object, where } of manifests) {
    const id = `${object?.kind ?? '?'}/${object?.metadata?.name ?? '?'}`;
    const module = modelModule(object?.apiVersion);
    let Model;
    if (module) {
      try {
        Model = (await import(module))[object.kind];
      } catch {
        Model = undefined;
      }
    }
    if (!Model) {
      problems.push({
        where,
        id,
        problem: `no schema for apiVersion ${object?.apiVersion} kind ${object?.kind}`,
      });
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push({ where, id, problem: error.message });
    }
    typed.push({ object, where, id, module });
  }
  if (typed.length === 0) return problems;
  const pairs = [
    ...new Map(typed.map((t) => [`${t.module}#${t.object.kind}`, [t.module, t.object.kind]])).values(),
  ];
  const strict = createStrictFieldChecker(pairs);
  for (const { object, where, id, module } of typed) {
    for (const path of strict.unknownFields(module, object.kind, object)) {
      problems.push({ where, id, problem: `unknown field ${path}` });
    }
  }
  return problems;
}
