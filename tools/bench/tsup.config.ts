import { executableBundle } from '../../tsup.app.config';

// The apps' and tools' npm dependencies are not repeated in this package.json: they stay external
// and resolve from the workspace's node_modules at run time, except the two whose hoisted copy is
// another major version than the one nested under the package that imports them (yaml 2 under
// libs/config-loader, pure-rand 8 under tools/emulators): those are bundled from where they sit.
export default {
  ...executableBundle({
    cli: 'src/cli.ts',
    'executor-worker': 'src/executor-worker.ts',
    'scheduler-worker': 'src/scheduler-worker.ts',
    'gordo-client-worker': 'src/gordo-client-worker.ts',
  }),
  external: [/^(?!@latigo\/|yaml(\/|$)|pure-rand(\/|$))[^./]/],
};
