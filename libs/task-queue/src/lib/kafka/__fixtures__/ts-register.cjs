// Lets a plain Node process require this repository's TypeScript sources (for the crash worker):
// .ts files are compiled with @swc/core, the compiler the Jest preset uses. Run node with
// --conditions=@latigo/source so that @latigo/* packages resolve to their sources too.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
