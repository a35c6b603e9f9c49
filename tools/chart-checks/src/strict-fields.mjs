// Unknown fields, as `kubeconform -strict` reports them. The compiled validators of kubernetes-models
// allow any extra property (the Kubernetes OpenAPI has no additionalProperties: false), so a typo
// such as `readinesProbe` would pass them and be dropped silently by the API server. The models'
// TypeScript declarations list every field of every type: walk the manifest along them.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// A file that exists only in memory, beside this one so that module resolution finds node_modules.
const ENTRY = fileURLToPath(new URL('./__strict-fields-entry__.ts', import.meta.url));

/**
 * Returns a checker for the given [module, kind] pairs, e.g. ['kubernetes-models/apps/v1', 'Deployment'].
 * One TypeScript program covers them all (about a second), so build it once per run.
 */
export function createStrictFieldChecker(pairs) {
  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const text = pairs
    .map(([module, kind], i) => `export type T${i} = import('${module}/${kind}').I${kind};`)
    .join('\n');
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, ...rest) =>
    name === ENTRY
      ? ts.createSourceFile(name, text, ts.ScriptTarget.ES2022)
      : getSourceFile.call(host, name, ...rest);
  host.fileExists = (name) => name === ENTRY || fileExists.call(host, name);
  host.readFile = (name) => (name === ENTRY ? text : readFile.call(host, name));

  const program = ts.createProgram([ENTRY], options, host);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(ENTRY);
  const problems = ts
    .getPreEmitDiagnostics(program, source)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  const types = new Map();
  source.statements.forEach((statement, i) => {
    const [module, kind] = pairs[i];
    types.set(`${module}#${kind}`, checker.getTypeAtLocation(statement.name));
  });
  return {
    /** JSON paths of the fields of `object` its type does not declare; `[]` when there are none. */
    unknownFields(module, kind, object) {
      const type = types.get(`${module}#${kind}`);
      if (!type || problems.length)
        return [`(no type declaration for ${kind} in ${module}: ${problems.join('; ')})`];
      const found = [];
      walk(checker, object, type, '', found);
      return found;
    },
  };
}

function walk(checker, value, type, path, found) {
  if (value === null || value === undefined || typeof value !== 'object') return;
  type = checker.getNonNullableType(type);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
  if (Array.isArray(value)) {
    if (!checker.isArrayType(type)) return;
    const [element] = checker.getTypeArguments(type);
    value.forEach((item, i) => walk(checker, item, element, `${path}/${i}`, found));
    return;
  }
  // A union of object types (rare in these models): no single list of fields to hold it to.
  if (type.isUnion()) {
    const objects = type.types.filter((t) => t.flags & ts.TypeFlags.Object);
    if (objects.length !== 1) return;
    type = objects[0];
  }
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  for (const [key, child] of Object.entries(value)) {
    const property = type.getProperty(key);
    if (property) walk(checker, child, checker.getTypeOfSymbol(property), `${path}/${key}`, found);
    else if (index) walk(checker, child, index.type, `${path}/${key}`, found);
    else found.push(`${path}/${key}`);
  }
}
