import { executableBundle } from '../../tsup.app.config';

// npm dependencies stay external and resolve from the workspace's node_modules at run time.
export default {
  ...executableBundle({ 'write-doc': 'src/write-doc.ts' }),
  external: [/^(?!@latigo\/)[^./]/],
};
